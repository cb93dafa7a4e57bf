/// A campaign, ad or breakdown value with its delivery over a dashboard's scope.
public struct SpendRank: Sendable, Equatable {
    public var name: String
    public var currency: String?
    public var spendMicro: Int64, impressions: Int64, clicks: Int64
    /// For an ad: its creative's title; its image.
    public var detail: String?
    public var imageURL: String?
}
