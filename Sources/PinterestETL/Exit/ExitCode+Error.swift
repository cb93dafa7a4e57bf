import PinterestAPI
import Warehouse

extension ExitCode {
    /// The exit code an error calls for (the README's exit codes), in one place.
    public init(for error: any Error) {
        self = switch error {
        case let error as PinterestAPIError:
            switch error {
            case .authorizationRejected, .missingRefreshToken, .rotatedTokenNotStored: .noPermission
            case .rateLimited, .tokensKeepExpiring: .tempFail
            case .unavailable: .unavailable
            case .tokenStore: .config
            case .http, .badResponse, .reportFailed, .reportTimedOut, .windowTooOld, .windowTooLong, .reportFile, .invalidMetric,
                 .reportTooLarge:
                .accountFailed
            }
        case let error as WarehouseError:
            switch error {
            case .busy, .accountHeld: .tempFail
            case .tokenTable: .config
            case .unavailable: .unavailable
            case .invalidSinkURL: .config
            case .missing, .schemaBehindProgram: .accountFailed
            case .rowOutsideLoad, .duplicateRow, .schemaNewerThanProgram, .unexpectedValue: .accountFailed
            }
        case let error as PostgresError where error.isConnectionFailure: .unavailable
        // Another connection kept the database file locked past the busy timeout: retry later.
        case let error as SQLiteError where error.isBusy: .tempFail
        case is ConfigurationError: .config
        case is UsageError: .usage
        case is CancellationError: .interrupted
        default: .accountFailed
        }
    }

    /// The process exit code for a job whose accounts ended as `outcomes`: 0 when all succeeded;
    /// when all failed for one shared reason (credentials, rate limit, outage), that reason's
    /// code, so systemd and the operator see the real cause; otherwise 1. Accounts left to other
    /// runs that held them past the wait are no failure of this run: when they are the only
    /// ones not loaded, 75 (retry later).
    init(for outcomes: [AccountOutcome]) {
        let failures = outcomes.compactMap(\.failure)
        guard !failures.isEmpty else { self = .success; return }
        if failures.allSatisfy(\.heldByAnotherRun) { self = .tempFail; return }
        if failures.count == outcomes.count {
            let codes = Set(failures.map(\.exitCode))
            if codes.count == 1, let only = codes.first { self = only; return }
            if codes.contains(.interrupted) { self = .interrupted; return }
        }
        self = .accountFailed
    }
}
