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
        options.reportPollsBeforeReady = 1
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

    /// Runs `pinterest-etl <arguments> --accounts <account>` into a fresh SQLite file.
    /// Breakdowns are off unless `breakdowns` (then the default five types, one extra report).
    func runJob(_ arguments: [String], account index: Int, database: String,
                breakdowns: Bool = false) async throws -> (Subprocess.Result, RequestCounts, Int) {
        var environment = self.environment
        environment["PINTEREST_BREAKDOWNS"] = breakdowns ? TargetingTypes.defaultBreakdowns.joined(separator: ",") : ""
        let sink = "sqlite:" + directory + "/" + database
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: directory + "/" + database + suffix) }
        let program = Subprocess.currentExecutable
        let common = ["--config", configPath, "--sink", sink, "--log-level", "warning"]
        // The schema first, untimed: the figure is the import.
        let migrate = try await Subprocess.run([program, "migrate"] + common, environment: environment)
        guard migrate.status == 0 else { throw BenchError("migrate failed (\(migrate.status)): \(migrate.stderr)") }
        simulator.clearRequests()
        let outcome = try await Subprocess.run([program] + arguments + ["--accounts", accounts[index]] + common,
                                               environment: environment, timeout: .seconds(4 * 3600))
        let requests = RequestCounts(simulator.requests)
        guard outcome.status == 0 else {
            throw BenchError("pinterest-etl \(arguments[0]) failed (exit \(outcome.status)): \(outcome.stderr.suffix(2_000))")
        }
        let warehouse = try Warehouse.open(SinkURL(sink))
        defer { warehouse.close() }
        let rows = try arguments[0] == "meta" ? warehouse.rowCount(of: AdRecord.self)
            : warehouse.rowCount(of: DeliveryRow.self) + warehouse.rowCount(of: TargetingRow.self)
        return (outcome, requests, rows)
    }

    /// A `delivery --from --to` backfill of the last `days` days for the account at `index`.
    /// With `breakdowns`, the rows count the breakdown rows too.
    func backfill(account index: Int, days: Int, breakdowns: Bool = false) async throws -> ImportFigure {
        let window = window(days: days)
        let (outcome, requests, rows) = try await runJob(
            ["delivery", "--from", window.first.description, "--to", window.last.description],
            account: index, database: "import-\(index).sqlite", breakdowns: breakdowns)
        return ImportFigure(ads: adsByAccount[index], days: days, rows: rows, seconds: outcome.seconds, cpuSeconds: outcome.cpuSeconds,
                            requests: requests, peakResidentBytes: outcome.peakResidentBytes)
    }

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
