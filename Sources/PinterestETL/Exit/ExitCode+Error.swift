import PinterestAPI
import Warehouse

/// The exit code an error calls for (the README's exit codes), in one place.
public func exitCode(for error: any Error) -> ExitCode {
    switch error {
    case let error as PinterestAPIError:
        switch error {
        case .authorizationRejected, .missingRefreshToken, .rotatedTokenNotStored: return .noPermission
        case .rateLimited: return .tempFail
        case .unavailable: return .unavailable
        case .tokenStore: return .config
        case .http, .badResponse, .reportFailed, .reportTimedOut, .windowTooOld, .windowTooLong, .reportFile, .invalidMetric:
            return .accountFailed
        }
    case let error as WarehouseError:
        switch error {
        case .busy: return .tempFail
        case .unavailable: return .unavailable
        case .invalidSinkURL: return .config
        case .rowOutsideLoad, .duplicateRow, .schemaNewerThanProgram, .unexpectedValue: return .accountFailed
        }
    case let error as PostgresError where error.isConnectionFailure:
        return .unavailable
    case let error as SQLiteError where error.isBusy:
        // Another connection kept the database file locked past the busy timeout: retry later.
        return .tempFail
    case is ConfigurationError:
        return .config
    case is UsageError:
        return .usage
    case is CancellationError:
        return .interrupted
    default:
        return .accountFailed
    }
}

/// The process exit code for a job whose accounts ended as `outcomes`: 0 when all succeeded;
/// when all failed for one shared reason (credentials, rate limit, outage), that reason's code,
/// so systemd and the operator see the real cause; otherwise 1.
func exitCode(for outcomes: [AccountOutcome]) -> ExitCode {
    let failures = outcomes.compactMap(\.failure)
    guard !failures.isEmpty else { return .success }
    if failures.count == outcomes.count {
        let codes = Set(failures.map(\.exitCode))
        if codes.count == 1, let only = codes.first { return only }
        if codes.contains(.interrupted) { return .interrupted }
    }
    return .accountFailed
}
