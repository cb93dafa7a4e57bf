import PinterestModel

/// One day of delivery summed over a dashboard's accounts.
public struct DailyDelivery: Sendable, Equatable {
    public var date: Day
    public var spendMicro: Int64, impressions: Int64, clicks: Int64
}
