/// Delivery summed over a dashboard's scope, for the accounts of one currency.
public struct DeliveryTotals: Sendable, Equatable {
    public var currency: String?
    public var spendMicro: Int64, impressions: Int64, clicks: Int64, saves: Int64, conversions: Int64, checkoutValueMicro: Int64
}
