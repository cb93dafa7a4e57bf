import Foundation
import PinterestModel
import PinterestSimulator
import Warehouse

/// `demo`: the whole product against the built-in simulator, needing no account and no network.
enum DemoCommand {
    static let defaultSink = "sqlite:pinterest-demo.sqlite"

    static func run(_ options: DemoOptions, sink: String?, logger: Logger) async throws -> ExitCode {
        var simulatorOptions = SimulatorOptions()
        simulatorOptions.seed = options.seed
        simulatorOptions.accountCount = options.accounts
        simulatorOptions.adsPerAccount = options.adsPerAccount
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
        configuration.sink = sink ?? defaultSink
        configuration.lookbackDays = 7
        _ = try SinkURL(configuration.sink)
        logger.redacting(configuration.secrets)

        let environment: [String: String] = [:]
        for command in [Command.migrate, .meta(accounts: nil), .delivery(DeliveryOptions())] {
            let code = try await Application.run(command, configuration: configuration, environment: environment, logger: logger)
            guard code == .success else { return code }
        }
        try printSummary(sink: configuration.sink)
        return .success
    }

    private static func printSummary(sink url: String) throws {
        let sink = try openWarehouse(url)
        defer { sink.close() }
        var counts: [[String]] = []
        for table in ["pinterest_meta_adaccount", "pinterest_meta_campaign", "pinterest_meta_adgroup",
                      "pinterest_meta_pinpromotion", "pinterest_data_delivery", "etl_runs"] {
            let count = try sink.select("SELECT COUNT(*) FROM \(table)").first?[0] ?? "0"
            counts.append([table, count])
        }
        print("\nLoaded into \(SinkURL.redacted(url)):")
        print(TextTable.render(header: ["table", "rows"], rows: counts), terminator: "")
        let spend = try sink.select("""
            SELECT ad_account_name, currency, SUM(spend_micro), SUM(impressions), SUM(clicks)
            FROM pinterest_delivery_report GROUP BY ad_account_id, ad_account_name, currency ORDER BY ad_account_id
            """)
        print("\nSpend by account (micro-units are exact; dollars computed for display):")
        print(TextTable.render(header: ["account", "currency", "spend", "impressions", "clicks"], rows: spend.map { row in
            [TextTable.clean(row[0] ?? ""), row[1] ?? "", dollars(row[2] ?? "0"), row[3] ?? "0", row[4] ?? "0"]
        }), terminator: "")
        let sample = try sink.select("""
            SELECT date, campaign_name, pin_promotion_name, spend_micro, impressions, clicks, ctr, cpc, roas
            FROM pinterest_delivery_report ORDER BY date DESC, spend_micro DESC LIMIT 5
            """)
        print("\nA few lines of pinterest_delivery_report:")
        print(TextTable.render(header: ["date", "campaign", "ad", "spend", "impr.", "clicks", "ctr", "cpc", "roas"], rows: sample.map { row in
            [row[0] ?? "", String(TextTable.clean(row[1] ?? "").prefix(28)), String(TextTable.clean(row[2] ?? "").prefix(28)),
             dollars(row[3] ?? "0"), row[4] ?? "", row[5] ?? "", ratio(row[6]), ratio(row[7]), ratio(row[8])]
        }), terminator: "")
        print("\nQuery it: sqlite3 \(url.hasPrefix("sqlite:") ? String(url.dropFirst(7)) : url) 'SELECT * FROM pinterest_delivery_report LIMIT 10'")
    }

    /// Micro-units as dollars with exact integer arithmetic.
    static func dollars(_ micro: String) -> String {
        guard let value = Int64(micro) else { return micro }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let cents = (magnitude % 1_000_000) / 10_000
        return "\(sign)\(magnitude / 1_000_000).\(cents < 10 ? "0" : "")\(cents)"
    }

    static func ratio(_ text: String?) -> String {
        guard let text, let value = Double(text) else { return "-" }
        return String(format: "%.4f", value)
    }
}
