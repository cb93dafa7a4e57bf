import PinterestModel

/// The days and accounts a dashboard covers.
public struct DashboardScope: Sendable, Equatable {
    public var window: DayRange
    /// Nil: every account in the warehouse.
    public var accounts: [String]?

    public init(window: DayRange, accounts: [String]? = nil) {
        self.window = window
        self.accounts = accounts
    }
}
