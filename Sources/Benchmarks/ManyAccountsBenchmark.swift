import Foundation
import ProcessSupport
import PinterestModel
import PinterestSimulator
import Warehouse

/// `bench --accounts N`: one `delivery` run over many small accounts (an agency's night),
/// against a simulator that answers at once. The figures say whether the wall time is set by
/// Pinterest (its answers and the shared rate limit) or by this program.
struct ManyAccountsBenchmark {
    let accounts: Int
    let adsPerAccount: Int
    let parallel: Int

    struct Figures {
        var accounts = 0, succeeded = 0, rows = 0
        var seconds = 0.0, cpuSeconds = 0.0, peakResidentBytes = 0
        var requests: RequestCounts
        /// The rate limiter's floor for the limited requests the run made: no client at this
        /// rate could be faster.
        var rateLimitFloorSeconds = 0.0
        var logLines = 0, accountLines = 0
    }

    func run(directory: String) async throws -> Figures {
        var options = SimulatorOptions()
        options.seed = 11
        options.accountCount = accounts
        options.adsPerAccount = adsPerAccount
        options.reportPollsBeforeReady = 0
        let simulator = try await PinterestSimulator.start(options, port: 0)
        defer { simulator.stop() }
        let configPath = directory + "/many-accounts.json"
        let config: [String: Any] = [
            "client_id": options.clientId, "api_base_url": simulator.baseURL.absoluteString,
            "token_store": directory + "/many-tokens.json", "max_parallel_accounts": parallel, "breakdowns": [String](),
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
            "PINTEREST_CLIENT_SECRET": options.clientSecret, "PINTEREST_REFRESH_TOKEN": options.initialRefreshToken,
        ]
        let sink = "sqlite:" + directory + "/many-accounts.sqlite"
        let common = ["--config", configPath, "--sink", sink]
        let program = Subprocess.currentExecutable
        let migrate = try await Subprocess.run([program, "migrate"] + common, environment: environment)
        guard migrate.status == 0 else { throw BenchError("migrate failed (\(migrate.status)): \(migrate.stderr)") }
        simulator.clearRequests()
        // Every account the token can read (the ad account list is paged too), at the default log level.
        let outcome = try await Subprocess.run([program, "delivery"] + common, environment: environment, timeout: .seconds(4 * 3600))
        guard outcome.status == 0 else {
            throw BenchError("pinterest-etl delivery failed (exit \(outcome.status)): \(outcome.stderr.suffix(2_000))")
        }
        var figures = Figures(requests: RequestCounts(simulator.requests))
        figures.accounts = accounts
        figures.seconds = outcome.seconds
        figures.cpuSeconds = outcome.cpuSeconds
        figures.peakResidentBytes = outcome.peakResidentBytes
        let lines = outcome.stderr.split(separator: "\n")
        figures.logLines = lines.count
        figures.accountLines = lines.filter { $0.contains("account succeeded") || $0.contains("account failed") }.count
        figures.succeeded = lines.filter { $0.contains("account succeeded") }.count
        let warehouse = try Warehouse.open(SinkURL(sink))
        defer { warehouse.close() }
        figures.rows = try warehouse.rowCount(of: DeliveryRow.self)
        // The client's limiter: 300 requests a minute after a burst of 30; downloads and the
        // OAuth refresh are not limited.
        let limited = figures.requests.api - figures.requests.downloads
        figures.rateLimitFloorSeconds = Double(max(limited - 30, 0)) * 60 / 300
        return figures
    }
}
