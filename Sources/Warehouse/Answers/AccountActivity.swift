import PinterestModel

/// How fresh one account's data is, from `etl_runs` and the delivery table.
public struct AccountActivity: Sendable, Equatable {
    public var adAccountId: String
    public var name: String?
    public var newestDate: Day?
    public var lastSuccess: Timestamp?
    public var failedRuns: Int
}
