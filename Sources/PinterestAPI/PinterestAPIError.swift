import Foundation
import PinterestModel

/// Why a Pinterest call failed, what it was about, and what to do.
///
/// Descriptions carry method and path only (never a query string, token, secret or header).
public enum PinterestAPIError: Error, CustomStringConvertible, Sendable {
    /// Pinterest rejected the credentials (refresh token revoked/expired, code invalid). Exit 77.
    case authorizationRejected(reason: String)
    /// Neither the token store nor the configuration holds a refresh token. Exit 77.
    case missingRefreshToken(tokenStore: String)
    /// 429s (or "Retry after") outlasted the retry budget. Exit 75.
    case rateLimited(method: String, path: String, account: String?, attempts: Int, waited: Duration)
    /// Network failures or 5xx outlasted the retry budget. Exit 69.
    case unavailable(method: String, path: String, account: String?, attempts: Int, lastProblem: String)
    /// A non-retryable HTTP error (4xx other than 401/429).
    case http(method: String, path: String, account: String?, status: Int, code: Int?, message: String)
    /// A response that does not have the shape the API promises.
    case badResponse(what: String, field: String, entityId: String?, account: String?, problem: String)
    /// The report failed on Pinterest's side twice (created, re-created once).
    case reportFailed(account: String, window: String, status: String)
    /// The report did not finish within `ReportPolling.timeout`.
    case reportTimedOut(account: String, window: String, waited: Duration)
    /// The range starts further back than the async report API allows (914 days).
    case windowTooOld(account: String, start: String, earliest: String)
    /// One report was asked for a window longer than the API allows.
    case windowTooLong(account: String, window: String, maxDays: Int)
    /// Access tokens kept expiring: Pinterest answered 401 to tokens that had worked, more often
    /// than the refresh budget allows (per request, or per run). Exit 75: retry later.
    case tokensKeepExpiring(method: String, path: String, account: String?, refreshes: Int)
    /// The report file passed `report_download_max_bytes` while downloading; nothing was loaded.
    case reportTooLarge(account: String, limit: Int64)
    /// The downloaded report file is malformed or truncated.
    case reportFile(account: String, byteOffset: Int64, problem: String)
    /// A row in the report file carries a value the column cannot hold.
    case invalidMetric(account: String, column: String, adId: String, date: String, value: String, problem: String)
    /// The token store could not be read or written. Exit 78: the operator must fix the path or
    /// its permissions (`token_store`, `PINTEREST_TOKEN_STORE`, systemd `StateDirectory=`).
    case tokenStore(store: String, problem: String)
    /// Pinterest rotated the refresh token but the new one could not be stored, so the stored
    /// one may no longer work. Exit 77: fix the store, then authorize again.
    case rotatedTokenNotStored(store: String, problem: String)

    public var description: String {
        switch self {
        case let .authorizationRejected(reason):
            return "Pinterest rejected the credentials (\(reason)); run `pinterest-etl auth` again to authorize the app."
        case let .missingRefreshToken(path):
            return "No Pinterest refresh token: the token store \(path) holds none and no refresh_token is configured; run `pinterest-etl auth` to authorize the app."
        case let .rateLimited(method, path, account, attempts, waited):
            return "Pinterest kept rate-limiting \(method) \(path)\(Self.forAccount(account)) after \(attempts) attempts and \(Self.format(waited)) of waiting; retry later or lower the request rate."
        case let .unavailable(method, path, account, attempts, problem):
            return "Pinterest unreachable for \(method) \(path)\(Self.forAccount(account)) after \(attempts) attempts (last: \(problem)); retry later."
        case let .http(method, path, account, status, code, message):
            let codeText = code.map { " code \($0)" } ?? ""
            return "Pinterest answered \(method) \(path)\(Self.forAccount(account)) with HTTP \(status)\(codeText): \(message)\(Self.hint(status: status))"
        case let .badResponse(what, field, entityId, account, problem):
            let entity = entityId.map { " id \($0)" } ?? ""
            return "Unexpected Pinterest response: \(what)\(entity)\(Self.forAccount(account)), field `\(field)`: \(problem)."
        case let .reportFailed(account, window, status):
            return "Pinterest's report for account \(account), \(window) ended \(status) twice; the account's data was left unchanged, run the import again later."
        case let .reportTimedOut(account, window, waited):
            return "Pinterest's report for account \(account), \(window) was not ready after \(Self.format(waited)); run the import again later."
        case let .windowTooOld(account, start, earliest):
            return "Cannot import account \(account) from \(start): Pinterest reports reach back to \(earliest) at most (\(ReportLimits.maxDaysBack) days); choose a later start date."
        case let .windowTooLong(account, window, maxDays):
            return "Cannot request one report for account \(account) over \(window): Pinterest allows at most \(maxDays) days per report."
        case let .tokensKeepExpiring(method, path, account, refreshes):
            return "Pinterest's access tokens kept expiring during \(method) \(path)\(Self.forAccount(account)) (\(refreshes) refreshes); the credentials work, so retry later."
        case let .reportTooLarge(account, limit):
            return "The report for account \(account) passed report_download_max_bytes (\(limit) bytes) while downloading; the account's data was left unchanged. Raise report_download_max_bytes, or import a shorter window with --from/--to."
        case let .reportFile(account, offset, problem):
            return "The report file for account \(account) is malformed at byte \(offset): \(problem)."
        case let .invalidMetric(account, column, adId, date, value, problem):
            return "The report for account \(account) has \(column) = \(value) for ad \(adId) on \(date): \(problem)."
        case let .tokenStore(store, problem):
            return "Token store \(store): \(problem). Make it writable by this user, or set token_store / PINTEREST_TOKEN_STORE."
        case let .rotatedTokenNotStored(store, problem):
            return "Pinterest issued a new refresh token but it could not be stored in \(store) (\(problem)); the stored one may no longer work. Make the token store writable, then run `pinterest-etl auth` again to authorize the app."
        }
    }

    private static func forAccount(_ account: String?) -> String {
        account.map { " for ad account \($0)" } ?? ""
    }

    private static func hint(status: Int) -> String {
        switch status {
        case 403: return " (the authorized user lacks access to this ad account)"
        case 404: return " (no such ad account or object, or no access to it)"
        default: return ""
        }
    }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds < 10 ? String(format: "%.1fs", seconds) : "\(Int(seconds.rounded()))s"
    }
}
