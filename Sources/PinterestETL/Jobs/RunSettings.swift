import Foundation
import PinterestAPI

/// What a run asks Pinterest for, recorded in `etl_runs.settings`: mismatched attribution
/// windows are the first cause of "the warehouse does not match Ads Manager", and with these
/// any number can be traced to the settings that produced it.
struct RunSettings: Codable, Equatable {
    var level: String
    var clickWindowDays: Int
    var engagementWindowDays: Int
    var viewWindowDays: Int
    var conversionReportTime: String
    var breakdowns: [String]

    enum CodingKeys: String, CodingKey {
        case level, breakdowns
        case clickWindowDays = "click_window_days", engagementWindowDays = "engagement_window_days"
        case viewWindowDays = "view_window_days", conversionReportTime = "conversion_report_time"
    }

    init(configuration: Configuration) {
        level = ReportKind.delivery.level
        clickWindowDays = configuration.attribution.clickWindowDays
        engagementWindowDays = configuration.attribution.engagementWindowDays
        viewWindowDays = configuration.attribution.viewWindowDays
        conversionReportTime = configuration.attribution.conversionReportTime
        // Sorted: the same types in another order are the same settings.
        breakdowns = configuration.breakdowns.sorted()
    }

    /// Compact JSON with sorted keys, so equal settings have equal text.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
