import PinterestModel

/// What one `delivery` run imports, from the command line.
public struct DeliveryOptions: Sendable, Equatable {
    public var accounts: [String]?
    public var lookbackDays: Int?
    /// An explicit window (backfill) instead of the lookback.
    public var window: DayRange?

    public init(accounts: [String]? = nil, lookbackDays: Int? = nil, window: DayRange? = nil) {
        self.accounts = accounts
        self.lookbackDays = lookbackDays
        self.window = window
    }
}
