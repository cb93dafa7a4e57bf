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
    /// When the run started: another run's work that finished after this counts as this round's.
    let startedAt = Timestamp.now()
    let logger: Logger
    let client: PinterestClient
    let events: APIEventLog
    let writeGate: WriteGate
    /// Whether a delivery load starts while its report still downloads. Only when no account
    /// ever waits for another's write turn: on SQLite with several accounts at once, a load
    /// holds the single writer for as long as it runs, so a slow download would hold up every
    /// other account's load (their downloads still overlap this one's inserts instead).
    let parsesWhileDownloading: Bool
    /// The UTC day the run considers "today" (windows end the day before).
    let today: Day

    init(configuration: Configuration, job: JobKind, logger: Logger, client: PinterestClient,
         events: APIEventLog, today: Day) {
        self.configuration = configuration
        self.job = job
        self.runId = Self.newRunId()
        self.logger = logger.with(("job", job.rawValue), ("run_id", runId))
        self.client = client
        self.events = events
        self.today = today
        // SQLite has one writer at a time: queue the accounts' transactions in the process
        // rather than let them time out on the file lock.
        let singleWriter = if case .sqlite = configuration.sink { true } else { false }
        self.writeGate = WriteGate(limit: singleWriter ? 1 : configuration.maxParallelAccounts)
        self.parsesWhileDownloading = !singleWriter || configuration.maxParallelAccounts == 1
    }

    func openWarehouse() throws -> Warehouse { try Warehouse.open(configuration.sink) }

    /// Records `run` as failed with `error`. Best effort: the warehouse itself may be what failed,
    /// and the caller rethrows the original error either way.
    func recordFailure(_ run: RunRecord, account: String, error: any Error, warehouse: Warehouse) async {
        var run = run
        run.status = .failed
        run.finishedAt = .now()
        run.apiRequests = client.requestCount(account: account)
        run.error = String(describing: error)
        do { try await warehouse.recordRun(run) } catch let recording {
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
