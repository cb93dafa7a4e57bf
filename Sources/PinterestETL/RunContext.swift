import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// What every account task of one run shares: the configuration, the run id, the logger, the
/// Pinterest client (one limiter and token refresher for all accounts) and the write gate.
final class RunContext: Sendable {
    let configuration: Configuration
    let job: JobKind
    let runId: String
    let logger: Logger
    let client: PinterestClient
    let events: APIEventLog
    let writeGate: WriteGate
    /// The UTC day the run considers "today" (windows end the day before).
    let today: Day

    init(configuration: Configuration, job: JobKind, logger: Logger, client: PinterestClient,
         events: APIEventLog, today: Day) throws {
        self.configuration = configuration
        self.job = job
        self.runId = Self.newRunId()
        self.logger = logger.with(("job", job.rawValue), ("run_id", runId))
        self.client = client
        self.events = events
        self.today = today
        // SQLite has one writer at a time: queue the accounts' transactions in the process
        // rather than let them time out on the file lock.
        let dialectIsSQLite = (try? SinkURL(configuration.sink)).map { if case .sqlite = $0 { true } else { false } } ?? true
        self.writeGate = WriteGate(limit: dialectIsSQLite ? 1 : configuration.maxParallelAccounts)
    }

    func openSink() throws -> any WarehouseSink { try openWarehouse(configuration.sink) }

    /// Records `run` as failed with `error`. Best effort: the warehouse itself may be what failed,
    /// and the caller rethrows the original error either way.
    func recordFailure(_ run: RunRecord, account: String, error: any Error, sink: any WarehouseSink) async {
        var run = run
        run.status = .failed
        run.finishedAt = .now()
        run.apiRequests = client.requestCount(account: account)
        run.error = String(describing: error)
        do { try await sink.recordRun(run) } catch let recording {
            logger.warning("could not record the failed run: \(recording)", ("account", account))
        }
    }

    /// Sortable and unique enough to name a run in logs and `etl_runs`: time plus randomness.
    static func newRunId() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let random = (0..<6).map { _ in "0123456789abcdefghijklmnopqrstuvwxyz".randomElement()! }
        return formatter.string(from: Date()) + "-" + String(random)
    }
}

/// Turns the client's events into log lines and counts retries per account for the summary.
final class APIEventLog: Sendable {
    private let logger: Logger
    private let retries = Mutex<[String: Int]>([:])

    init(logger: Logger) { self.logger = logger }

    func retryCount(account: String) -> Int { retries.withLock { $0[account] ?? 0 } }

    func handle(_ event: APIEvent) {
        switch event {
        case let .request(method, path, status, account):
            logger.debug("\(method) \(path) → \(status)", account.map { ("account", $0) } ?? ("account", "-"))
        case let .retry(reason, delay, account):
            if let account { retries.withLock { $0[account, default: 0] += 1 } }
            logger.warning("retrying in \(delay): \(reason)", ("account", account ?? "-"))
        case .tokenRefreshed:
            logger.info("access token refreshed; the rotated refresh token is stored")
        case let .reportCreated(account, window):
            logger.info("report requested for \(window)", ("account", account))
        case let .reportStatus(account, status):
            logger.debug("report status \(status)", ("account", account))
        case let .reportDownloaded(account, bytes):
            logger.info("report downloaded (\(bytes) bytes)", ("account", account))
        }
    }
}

/// A lock-protected value (Synchronization's Mutex needs macOS 15 / newer Linux runtimes; this
/// is the same idea on NSLock).
final class Mutex<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
