import PinterestModel

/// One account's delivery rows as `status` reports them.
public struct DeliveryFreshness: Sendable, Equatable {
    public let adAccountId: String
    /// The newest `date` loaded, nil when the account has no rows.
    public let newestDate: Day?
    public let rows: Int
}
