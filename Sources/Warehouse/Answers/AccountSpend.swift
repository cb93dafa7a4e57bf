import PinterestModel

/// An account's delivery totals, in its currency's micro-units.
public struct AccountSpend: Sendable, Equatable {
    public let adAccountId: String
    public let name: String?
    public let currency: String?
    public let spendMicro: Int64
    public let impressions: Int64
    public let clicks: Int64
}
