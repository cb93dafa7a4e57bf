import Foundation
import PinterestModel

/// The async report the delivery import asks for: level `PIN_PROMOTION` (or, for breakdowns,
/// `PIN_PROMOTION_TARGETING` with up to five `targeting_types`), granularity `DAY`, the delivery
/// metrics plus the id columns, as JSON. Both kinds carry the same columns and attribution.
struct ReportRequest {

    static var columns: [String] {
        DeliveryMetric.idColumns + DeliveryMetric.allCases.map(\.reportColumn)
    }

    let window: DayRange
    let attribution: ReportAttribution
    var kind: ReportKind = .delivery

    /// The JSON body of `POST /ad_accounts/{id}/reports`.
    func body() -> Data {
        let object: [String: Any] = [
            "start_date": window.first.description,
            "end_date": window.last.description,
            "granularity": "DAY",
            "level": kind.level,
            "columns": Self.columns,
            "click_window_days": attribution.clickWindowDays,
            "engagement_window_days": attribution.engagementWindowDays,
            "view_window_days": attribution.viewWindowDays,
            "conversion_report_time": attribution.conversionReportTime,
            "report_format": "JSON",
        ].merging(kind.targetingTypes.map { ["targeting_types": $0] } ?? [:]) { a, _ in a }
        // Only strings, arrays of strings and small integers: serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// Splits `range` into report windows, refusing a start further back than Pinterest keeps.
    static func windows(for range: DayRange, today: Day, account: String) throws -> [DayRange] {
        let earliest = today.adding(days: -ReportLimits.maxDaysBack)
        guard range.first >= earliest else {
            throw PinterestAPIError.windowTooOld(account: account, start: range.first.description,
                                                 earliest: earliest.description)
        }
        return range.chunks(ofAtMost: ReportLimits.maxDays)
    }
}
