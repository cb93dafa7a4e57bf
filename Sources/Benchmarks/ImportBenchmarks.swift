import Foundation
import ProcessSupport
import PinterestModel
import PinterestSimulator
import Warehouse

/// The end-to-end figures: the real program (`pinterest-etl delivery` / `meta`) in a child
/// process, so its peak resident memory is its own, against the simulator served from this
/// process (whose memory therefore does not count).
final class ImportBenchmarks {
    let simulator: PinterestSimulator
    let accounts: [String]
    let adsByAccount: [Int]
    private let directory: String
    private let configPath: String
    private let environment: [String: String]

    /// Starts a simulator with one account per entry of `adsByAccount`.
    init(adsByAccount: [Int], directory: String) async throws {
        var options = SimulatorOptions()
        options.seed = 7
        options.accountCount = adsByAccount.count
        options.adsPerAccountByIndex = adsByAccount
        // Reports are ready as soon as they are rendered, and served from files as S3 serves a
        // stored object: the figures are the connector's, not the simulator's rendering.
        options.reportPollsBeforeReady = 0
        let reports = directory + "/reports"
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        options.reportFileDirectory = reports
        simulator = try await PinterestSimulator.start(options, port: 0)
        accounts = simulator.oracle.accounts.map(\.id)
        self.adsByAccount = adsByAccount
        self.directory = directory
        // A config file of its own, so no /etc config or PINTEREST_* of the caller leaks in;
        // the secrets go by environment, as in production.
        configPath = directory + "/config.json"
        let config: [String: Any] = [
            "client_id": options.clientId, "api_base_url": simulator.baseURL.absoluteString,
            "token_store": directory + "/tokens.json", "max_parallel_accounts": 1,
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
        environment["PINTEREST_CLIENT_SECRET"] = options.clientSecret
        environment["PINTEREST_REFRESH_TOKEN"] = options.initialRefreshToken
        self.environment = environment
    }

    func stop() { simulator.stop() }

    /// The last `days` complete days.
    func window(days: Int) -> DayRange {
        let yesterday = simulator.today.adding(days: -1)
        return DayRange(first: yesterday.adding(days: -(days - 1)), last: yesterday)!
    }

    /// The SQLite file `database` in the bench directory, as a sink URL.
    func sqliteSink(_ database: String) -> String { "sqlite:" + directory + "/" + database }

    /// Runs `pinterest-etl <arguments> --accounts <account>` into `sink` (default: a fresh SQLite
    /// file `database`; `fresh: false` keeps what an earlier run wrote there).
    /// Breakdowns are off unless `breakdowns` (then the default five types, one extra report).
    /// Also returns the seconds the run waited for reports to be built.
    func runJob(_ arguments: [String], account index: Int, database: String, sink: String? = nil, fresh: Bool = true,
                breakdowns: Bool = false) async throws -> (Subprocess.Result, RequestCounts, Int, Double) {
        var environment = self.environment
        environment["PINTEREST_BREAKDOWNS"] = breakdowns ? TargetingTypes.defaultBreakdowns.joined(separator: ",") : ""
        let sink = sink ?? sqliteSink(database)
        if fresh, sink.hasPrefix("sqlite:") {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: directory + "/" + database + suffix) }
        }
        let program = Subprocess.currentExecutable
        let common = ["--config", configPath, "--sink", sink, "--log-level", "warning"]
        // The schema first, untimed: the figure is the import.
        let migrate = try await Subprocess.run([program, "migrate"] + common, environment: environment)
        guard migrate.status == 0 else { throw BenchError("migrate failed (\(migrate.status)): \(migrate.stderr)") }
        simulator.clearRequests()
        sync()   // as `LoadBenchmarks.timed`: earlier runs' disk writes are not this one's
        let outcome = try await Subprocess.run([program] + arguments + ["--accounts", accounts[index]] + common,
                                               environment: environment, timeout: .seconds(4 * 3600))
        let recorded = simulator.requests
        let requests = RequestCounts(recorded)
        guard outcome.status == 0 else {
            throw BenchError("pinterest-etl \(arguments[0]) failed (exit \(outcome.status)): \(outcome.stderr.suffix(2_000))")
        }
        let warehouse = try Warehouse.open(SinkURL(sink))
        defer { warehouse.close() }
        let rows = try arguments[0] == "meta" ? warehouse.rowCount(of: AdRecord.self)
            : warehouse.rowCount(of: DeliveryRow.self) + warehouse.rowCount(of: TargetingRow.self)
        return (outcome, requests, rows, RequestCounts.reportWaitSeconds(recorded))
    }

    /// A `delivery --from --to` backfill of the last `days` days for the account at `index`.
    /// With `breakdowns`, the rows count the breakdown rows too.
    func backfill(account index: Int, days: Int, breakdowns: Bool = false, sink: String? = nil) async throws -> ImportFigure {
        let window = window(days: days)
        let (outcome, requests, rows, wait) = try await runJob(
            ["delivery", "--from", window.first.description, "--to", window.last.description],
            account: index, database: "import-\(index).sqlite", sink: sink, breakdowns: breakdowns)
        return ImportFigure(ads: adsByAccount[index], days: days, rows: rows, seconds: outcome.seconds, cpuSeconds: outcome.cpuSeconds,
                            reportWaitSeconds: wait, requests: requests, peakResidentBytes: outcome.peakResidentBytes)
    }

    /// The small account's whole day: `meta`, then a delivery backfill of `days` days, into one
    /// fresh SQLite file. Returns the summed wall time and report wait, and the delivery rows.
    func metaAndDelivery(account index: Int, days: Int) async throws -> (seconds: Double, reportWait: Double, rows: Int) {
        let window = window(days: days)
        let database = "small-\(index).sqlite"
        let meta = try await runJob(["meta"], account: index, database: database)
        let delivery = try await runJob(["delivery", "--from", window.first.description, "--to", window.last.description],
                                        account: index, database: database, fresh: false)
        return (meta.0.seconds + delivery.0.seconds, meta.3 + delivery.3, delivery.2)
    }

    /// The token file the child runs keep (the naive script borrows its access token).
    var tokenFile: String { directory + "/tokens.json" }

    /// The daily run: `delivery --lookback-days N`.
    func dailyDelivery(account index: Int, lookbackDays: Int) async throws -> RequestCounts {
        try await runJob(["delivery", "--lookback-days", String(lookbackDays)], account: index, database: "daily.sqlite").1
    }

    /// The meta refresh; also returns the entity counts (campaigns, ad groups, ads) it listed.
    func meta(account index: Int) async throws -> (RequestCounts, [Int]) {
        let requests = try await runJob(["meta"], account: index, database: "meta.sqlite").1
        let oracle = simulator.oracle
        let account = accounts[index]
        return (requests, [oracle.campaigns(account: account).count, oracle.adGroups(account: account).count,
                           oracle.ads(account: account).count])
    }
}
