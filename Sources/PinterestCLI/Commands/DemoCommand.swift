import Foundation
import PinterestETL
import PinterestModel
import PinterestSimulator
import Warehouse

/// `demo`: the whole product against the built-in simulator, needing no account and no network.
public struct DemoCommand: Command, Equatable {
    public static let name = "demo"
    public static let summary = "run everything against the built-in simulator into SQLite"
    public static let usage = """
        pinterest-etl demo [--seed N] [--accounts N] [--ads N] [--sink URL]
          Starts the built-in Pinterest simulator on loopback and runs migrate, meta and
          delivery into ./pinterest-demo.sqlite (or --sink), then prints what it loaded and
          writes the dashboard beside it (pinterest-demo.html).
          Needs no account and no network.
        """
    public static let valuedOptions = ["--seed", "--accounts", "--ads"]
    static let defaultSink = SinkURL.sqlite(path: "pinterest-demo.sqlite")

    public var seed: UInt64 = 1
    public var accounts = 2
    public var adsPerAccount = 40

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        seed = try arguments.unsigned("--seed") ?? seed
        accounts = try arguments.integer("--accounts", in: 1...50) ?? accounts
        adsPerAccount = try arguments.integer("--ads", in: 1...1_000_000) ?? adsPerAccount
    }

    public func run(_ context: CommandContext) async throws -> ExitCode {
        let logger = context.logger
        var simulatorOptions = SimulatorOptions()
        simulatorOptions.seed = seed
        simulatorOptions.accountCount = accounts
        simulatorOptions.adsPerAccount = adsPerAccount
        simulatorOptions.reportPollsBeforeReady = 1
        let simulator = try await PinterestSimulator.start(simulatorOptions, port: 0)
        defer { simulator.stop() }
        logger.info("demo: simulator started", ("base_url", simulator.baseURL.absoluteString))

        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pinterest-etl-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }
        var configuration = Configuration(tokenStore: stateDirectory + "/tokens.json")
        configuration.apiBaseURL = simulator.baseURL
        configuration.clientId = simulatorOptions.clientId
        configuration.clientSecret = .init(simulatorOptions.clientSecret)
        configuration.refreshToken = .init(simulatorOptions.initialRefreshToken)
        configuration.sink = try context.global.sink.map(SinkURL.init) ?? Self.defaultSink
        configuration.lookbackDays = 7
        logger.redacting(configuration.secrets)

        // The demo's own world: nothing of the caller's environment (PINTEREST_*) applies.
        let demoContext = CommandContext(global: context.global, environment: [:], logger: logger)
        let steps: [any ConfiguredCommand] = [MigrateCommand(), MetaCommand(), DeliveryCommand()]
        for step in steps {
            let code = try await step.run(configuration: configuration, context: demoContext)
            guard code == .success else { return code }
        }
        try Self.printSummary(sink: configuration.sink)
        // The dashboard beside the SQLite file (or in the current folder for PostgreSQL).
        let page: String
        if case .sqlite(let path) = configuration.sink {
            page = ((path as NSString).deletingPathExtension) + ".html"
        } else {
            page = "pinterest-demo.html"
        }
        let warehouse = try Warehouse.open(configuration.sink)
        defer { warehouse.close() }
        let written = try DashboardReport.write(warehouse, days: 30, accounts: nil, to: page)
        print("\nDashboard: \(written.path) (open it in a browser)")
        return .success
    }

    private static func printSummary(sink url: SinkURL) throws {
        let warehouse = try Warehouse.open(url)
        defer { warehouse.close() }
        print("\nLoaded into \(url.redacted):")
        print(TextTable.render(header: ["table", "rows"], rows: try warehouse.rowCounts().map { [$0.table, String($0.rows)] }),
              terminator: "")
        print("\nSpend by account (micro-units are exact; dollars computed for display):")
        print(TextTable.render(header: ["account", "currency", "spend", "impressions", "clicks"],
                               rows: try warehouse.spendByAccount().map { account in
            [TextTable.clean(account.name ?? ""), account.currency ?? "", dollars(account.spendMicro),
             String(account.impressions), String(account.clicks)]
        }), terminator: "")
        print("\nA few lines of pinterest_delivery_report:")
        print(TextTable.render(header: ["date", "campaign", "ad", "spend", "impr.", "clicks", "ctr", "cpc", "roas"],
                               rows: try warehouse.newestDeliveryReportLines(limit: 5).map { line in
            [line.date.description, String(TextTable.clean(line.campaignName ?? "").prefix(28)),
             String(TextTable.clean(line.adName ?? "").prefix(28)), dollars(line.spendMicro), String(line.impressions),
             String(line.clicks), ratio(line.ctr), ratio(line.cpc), ratio(line.roas)]
        }), terminator: "")
        let target = if case .sqlite(let path) = url { path } else { url.redacted }
        print("\nQuery it: sqlite3 \(target) '\(Warehouse.firstQuery)'")
    }

    /// Micro-units as dollars with exact integer arithmetic.
    static func dollars(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let cents = (magnitude % 1_000_000) / 10_000
        return "\(sign)\(magnitude / 1_000_000).\(cents < 10 ? "0" : "")\(cents)"
    }

    static func ratio(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.4f", value)
    }
}
