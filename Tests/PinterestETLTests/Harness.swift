import Foundation
import PinterestModel
import PinterestSimulator
import ProcessSupport
import TestSupport
import Testing
import Warehouse

enum SinkKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when a server runs (always in CI, where a failed start fails).
    static var available: [SinkKind] { PostgresTestServer.shouldRun ? [.sqlite, .postgres] : [.sqlite] }
}

/// The built binary, a simulator and a fresh warehouse, for tests that run the program as users do.
final class ETLHarness: @unchecked Sendable {
    // @unchecked: set up once in init, then only read.
    let simulator: PinterestSimulator
    let directory: String
    let sink: String
    let options: SimulatorOptions

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("pinterest-etl").path
    }

    /// `sink` replaces the fresh warehouse `kind` would create (e.g. a database on a private server).
    init(_ kind: SinkKind, options: SimulatorOptions = ETLHarness.smallWorld(), sink explicitSink: String? = nil) async throws {
        self.options = options
        simulator = try await PinterestSimulator.start(options)
        directory = Scratch.directory("harness")
        switch (explicitSink, kind) {
        case (let explicit?, _): sink = explicit
        case (nil, .sqlite): sink = "sqlite:\(directory)/warehouse.sqlite"
        case (nil, .postgres): sink = try PostgresTestServer.server().createDatabase()
        }
    }

    deinit {
        simulator.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func smallWorld(accounts: Int = 2, ads: Int = 30) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.seed = 7
        options.accountCount = accounts
        options.adsPerAccount = ads
        options.reportPollsBeforeReady = 1
        return options
    }

    /// A minimal environment: nothing of the test process's own PINTEREST_* variables leaks in.
    var environment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory,
            // Report downloads and spools of a child the test kills go with the directory.
            "TMPDIR": directory,
            "PINTEREST_API_BASE_URL": simulator.baseURL.absoluteString,
            "PINTEREST_CLIENT_ID": options.clientId,
            "PINTEREST_CLIENT_SECRET": options.clientSecret,
            "PINTEREST_REFRESH_TOKEN": options.initialRefreshToken,
            "PINTEREST_TOKEN_STORE": directory + "/state/tokens.json",
            "PINTEREST_ETL_SINK": sink,
            "PINTEREST_ETL_TODAY": simulator.today.description,
            // Breakdowns off unless a test asks (`withBreakdowns`): most tests count reports.
            "PINTEREST_BREAKDOWNS": "",
        ]
    }

    /// The default breakdowns, for `run(_:environment:)`.
    static let withBreakdowns = ["PINTEREST_BREAKDOWNS": TargetingTypes.defaultBreakdowns.joined(separator: ",")]

    /// Runs the binary; `environment` entries set to "" are removed.
    func run(_ arguments: [String], environment extra: [String: String] = [:],
             timeout: Duration = .seconds(120)) async throws -> Subprocess.Result {
        var environment = self.environment
        for (key, value) in extra { environment[key] = value.isEmpty ? nil : value }
        let result = try await Subprocess.run([Self.binary] + arguments, environment: environment, directory: directory, timeout: timeout)
        #expect(!result.timedOut, "pinterest-etl \(arguments.joined(separator: " ")) timed out")
        return result
    }

    /// The report files anywhere under `directory` (downloads go to a folder per process).
    static func reportFiles(in directory: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? [])
            .filter { ($0 as NSString).lastPathComponent.hasPrefix("pinterest-report-") }
    }

    /// Every secret the runs know, to search outputs for.
    var secrets: [String] {
        var values = [options.clientSecret, options.initialRefreshToken, simulator.currentRefreshToken,
                      options.authorizationCode]
        if let store = try? String(contentsOfFile: directory + "/state/tokens.json", encoding: .utf8),
           let data = store.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            values += ["access_token", "refresh_token"].compactMap { object[$0] as? String }
        }
        return values.filter { $0.count >= 8 }
    }

    func openSink() throws -> Warehouse { try Warehouse.open(SinkURL(sink)) }

    func select(_ sql: String, _ parameters: [SQLValue] = []) throws -> [[String?]] {
        let warehouse = try openSink()
        defer { warehouse.close() }
        return try warehouse.select(sql, parameters)
    }

    func count(_ table: String) throws -> Int {
        Int(try select("SELECT COUNT(*) FROM \(table)")[0][0] ?? "") ?? -1
    }

    var accounts: [String] { simulator.oracle.accounts.map(\.id) }

    /// The window a default `delivery` run imports (5 days ending yesterday).
    func defaultWindow(lookback: Int = 5) -> DayRange {
        let yesterday = simulator.today.adding(days: -1)
        return DayRange(first: yesterday.adding(days: -(lookback - 1)), last: yesterday)!
    }

    /// The delivery table's data columns (not run_id/loaded_at) for an account and window, as text.
    func deliveryData(account: String? = nil, window: DayRange? = nil) throws -> [[String?]] {
        let columns = DeliveryRow.columnNames.joined(separator: ", ")
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if let account {
            parameters.append(.text(account))
            conditions.append("ad_account_id = $\(parameters.count)")
        }
        if let window {
            parameters.append(.text(window.first.description))
            conditions.append("date >= $\(parameters.count)")
            parameters.append(.text(window.last.description))
            conditions.append("date <= $\(parameters.count)")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try select("SELECT \(columns) FROM pinterest_data_delivery \(filter) ORDER BY ad_account_id, date, pin_promotion_id", parameters)
    }

    /// Checks the warehouse holds exactly what the oracle says for every account, date and metric.
    func expectDeliveryMatchesOracle(window: DayRange, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for account in accounts {
            let expected = simulator.oracle.deliveryRows(account: account, in: window)
                .sorted { ($0.date, $0.pinPromotionId) < ($1.date, $1.pinPromotionId) }
            let actual = try deliveryData(account: account, window: window)
            #expect(actual.count == expected.count, "account \(account): \(actual.count) rows, oracle \(expected.count)",
                    sourceLocation: sourceLocation)
            for (row, want) in zip(actual, expected) {
                #expect(Self.matches(row, want), "account \(account) \(want.date) ad \(want.pinPromotionId): \(row) ≠ \(want)",
                        sourceLocation: sourceLocation)
            }
            let spendIn = expected.reduce(Int64(0)) { $0 + $1.spendMicro }
            let spendOut = Int64(try select("SELECT COALESCE(SUM(spend_micro), 0) FROM pinterest_data_delivery WHERE ad_account_id = $1 AND date >= $2 AND date <= $3",
                                            [.text(account), .text(window.first.description), .text(window.last.description)])[0][0] ?? "") ?? -1
            #expect(spendIn == spendOut, "account \(account): spend_micro \(spendOut) in the warehouse, oracle \(spendIn)",
                    sourceLocation: sourceLocation)
        }
    }

    static func matches(_ row: [String?], _ want: DeliveryRow) -> Bool {
        let ids = [want.date.description, want.adAccountId, want.campaignId, want.adGroupId, want.pinPromotionId, want.pinId]
        guard row.count == 6 + DeliveryMetric.allCases.count else { return false }
        for (index, id) in ids.enumerated() where row[index] != id { return false }
        for (offset, metric) in DeliveryMetric.allCases.enumerated() {
            let text = row[6 + offset] ?? ""
            if metric.isFractional {
                guard let value = Double(text), value == want.videoAvgWatchSeconds else { return false }
            } else {
                guard Int64(text) == want.integer(metric) else { return false }
            }
        }
        return true
    }

    /// Asserts no secret appears in the outputs given.
    func expectNoSecrets(in outputs: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            for output in outputs {
                #expect(!output.contains(secret), "a secret appeared in the output", sourceLocation: sourceLocation)
            }
        }
        for output in outputs {
            #expect(!output.lowercased().contains("authorization: bearer"), sourceLocation: sourceLocation)
            #expect(!output.contains("X-Amz-Signature="), sourceLocation: sourceLocation)
        }
    }
}
