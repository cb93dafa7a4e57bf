/// Things worth logging, safe to log: no tokens, secrets, Authorization headers or query
/// strings (paths only).
public enum APIEvent: Sendable, CustomStringConvertible {
    /// One HTTP exchange; `status` is 0 when no response arrived (network error).
    case request(method: String, path: String, status: Int, account: String?)
    /// A failed attempt that will be retried after `delay`.
    case retry(reason: String, delay: Duration, account: String?)
    /// The access token was refreshed and the rotated refresh token stored.
    case tokenRefreshed
    /// A report was requested for `window`.
    case reportCreated(account: String, window: String)
    /// A report's status as polled.
    case reportStatus(account: String, status: String)
    /// A finished report's file was downloaded (`bytes` on disk).
    case reportDownloaded(account: String, bytes: Int64)

    public var description: String {
        switch self {
        case let .request(method, path, status, account):
            return "\(method) \(path) → \(status)" + (account.map { " account=\($0)" } ?? "")
        case let .retry(reason, delay, account):
            return "retry in \(delay): \(reason)" + (account.map { " account=\($0)" } ?? "")
        case .tokenRefreshed:
            return "access token refreshed; rotated refresh token stored"
        case let .reportCreated(account, window):
            return "report requested for \(window) account=\(account)"
        case let .reportStatus(account, status):
            return "report status \(status) account=\(account)"
        case let .reportDownloaded(account, bytes):
            return "report downloaded (\(bytes) bytes) account=\(account)"
        }
    }
}
