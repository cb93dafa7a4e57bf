import Foundation

/// Attribution settings sent with every async report (Pinterest's defaults).
public struct ReportAttribution: Sendable, Equatable {
    public var clickWindowDays: Int
    public var engagementWindowDays: Int
    public var viewWindowDays: Int
    public var conversionReportTime: String

    public init(clickWindowDays: Int = 30, engagementWindowDays: Int = 30, viewWindowDays: Int = 1,
                conversionReportTime: String = "TIME_OF_AD_ACTION") {
        self.clickWindowDays = clickWindowDays
        self.engagementWindowDays = engagementWindowDays
        self.viewWindowDays = viewWindowDays
        self.conversionReportTime = conversionReportTime
    }
}
