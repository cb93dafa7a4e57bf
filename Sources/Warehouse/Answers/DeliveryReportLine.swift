import PinterestModel

/// One line of the `pinterest_delivery_report` view, the columns the demo shows.
public struct DeliveryReportLine: Sendable, Equatable {
    public let date: Day
    public let campaignName: String?
    public let adName: String?
    public let spendMicro: Int64
    public let impressions: Int64
    public let clicks: Int64
    /// Ratios the view computes; nil where the denominator is 0.
    public let ctr: Double?
    public let cpc: Double?
    public let roas: Double?
}
