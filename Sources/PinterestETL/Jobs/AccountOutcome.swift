import PinterestModel

/// How one account's part of a run ended: the closing summary logged and returned.
public struct AccountOutcome: Sendable {
    public struct Failure: Sendable {
        public let message: String
        public let exitCode: ExitCode
        /// Another run kept the account claimed past `lock_wait_minutes`: its to load, not a fault.
        public var heldByAnotherRun = false
    }

    public let account: String
    public var rowsDeleted = 0
    public var rowsWritten = 0
    public var apiRequests = 0
    public var seconds: Double = 0
    /// Days committed (delivery backfills commit chunk by chunk, so a failure can follow some).
    public var committedWindows: [DayRange] = []
    public var failure: Failure?
    /// Set when another run (a worker sharing the warehouse) loaded the account for the same
    /// window after this run started, so this run left it alone: "run R on host H".
    public var loadedBy: String?

    public init(account: String) { self.account = account }

    public var succeeded: Bool { failure == nil }
}
