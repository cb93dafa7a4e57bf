import PinterestAPI
import Synchronization

/// Turns the client's events into log lines and counts retries per account for the summary.
/// A report's progress is debug: at info, an account logs its one summary line (and warnings).
public final class APIEventLog: Sendable {
    private let logger: Logger
    private let retries = Mutex<[String: Int]>([:])

    public init(logger: Logger) { self.logger = logger }

    func retryCount(account: String) -> Int { retries.withLock { $0[account] ?? 0 } }

    public func handle(_ event: APIEvent) {
        switch event {
        case let .request(method, path, status, account):
            logger.debug("\(method) \(path) → \(status)", account.map { ("account", $0) } ?? ("account", "-"))
        case let .retry(reason, delay, account):
            if let account { retries.withLock { $0[account, default: 0] += 1 } }
            logger.warning("retrying in \(delay): \(reason)", ("account", account ?? "-"))
        case .tokenRefreshed:
            logger.info("access token refreshed; the rotated refresh token is stored")
        case let .reportCreated(account, window):
            logger.debug("report requested for \(window)", ("account", account))
        case let .reportStatus(account, status):
            logger.debug("report status \(status)", ("account", account))
        case let .reportDownloaded(account, bytes):
            logger.debug("report downloaded (\(bytes) bytes)", ("account", account))
        }
    }
}
