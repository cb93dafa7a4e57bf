import Foundation
@testable import PinterestAPI
@testable import PinterestETL
import PinterestModel
import PinterestSimulator
import TestSupport
import Testing
@testable import Warehouse

/// Hostile and broken input at every door: configuration, command line, report files, API
/// entities and the warehouse. Each must end in a named error with its documented exit code,
/// never a crash, a hang or a silently wrong table.
@Suite("Hostile input")
struct HostileInputTests {
    static func temporaryDirectory() -> String {
        Scratch.directory("hostile")
    }

    // MARK: Configuration (exit 78)

    struct BadConfig: Sendable, CustomTestStringConvertible {
        let json: String
        let key: String
        var testDescription: String { "\(key): \(json.prefix(60))" }
    }

    static let badConfigs: [BadConfig] = [
        BadConfig(json: #"{"sinks": "sqlite:x"}"#, key: "sinks"),
        BadConfig(json: #"{"retry": {"max_attempt": 3}}"#, key: "retry.max_attempt"),
        BadConfig(json: #"{"attribution": {"click_window": 7}}"#, key: "attribution.click_window"),
        BadConfig(json: #"{"lookback_days": "5"}"#, key: "lookback_days"),
        BadConfig(json: #"{"lookback_days": 2.5}"#, key: "lookback_days"),
        BadConfig(json: #"{"lookback_days": -1}"#, key: "lookback_days"),
        BadConfig(json: #"{"lookback_days": 0}"#, key: "lookback_days"),
        BadConfig(json: #"{"lookback_days": 1e300}"#, key: "lookback_days"),
        BadConfig(json: #"{"max_parallel_accounts": 99999999999999999999999999}"#, key: "max_parallel_accounts"),
        BadConfig(json: #"{"max_parallel_accounts": true}"#, key: "max_parallel_accounts"),
        BadConfig(json: #"{"report_timeout_minutes": null, "retry": {"request_timeout_seconds": 0}}"#, key: "retry.request_timeout_seconds"),
        BadConfig(json: #"{"retry": []}"#, key: "retry"),
        BadConfig(json: #"{"ad_account_ids": "549755813888"}"#, key: "ad_account_ids"),
        BadConfig(json: #"{"ad_account_ids": [549755813888]}"#, key: "ad_account_ids"),
        BadConfig(json: #"{"ad_account_ids": ["1'; DROP TABLE etl_runs; --"]}"#, key: "ad_account_ids"),
        BadConfig(json: #"{"ad_account_ids": [""]}"#, key: "ad_account_ids"),
        BadConfig(json: #"{"ad_account_ids": ["٣٤٥"]}"#, key: "ad_account_ids"),
        BadConfig(json: #"{"api_base_url": "http://api.pinterest.com/v5"}"#, key: "api_base_url"),
        BadConfig(json: #"{"api_base_url": "http://127.0.0.1.evil.example/v5"}"#, key: "api_base_url"),
        BadConfig(json: #"{"api_base_url": "http://localhost@evil.example/v5"}"#, key: "api_base_url"),
        BadConfig(json: #"{"api_base_url": "file:///etc/passwd"}"#, key: "api_base_url"),
        BadConfig(json: #"{"api_base_url": "ftp://api.pinterest.com/v5"}"#, key: "api_base_url"),
        BadConfig(json: #"{"sink": "mysql://localhost/db"}"#, key: "sink"),
        BadConfig(json: #"{"sink": "sqlite:"}"#, key: "sink"),
        BadConfig(json: #"{"sink": 5}"#, key: "sink"),
        BadConfig(json: #"{"token_store": ""}"#, key: "token_store"),
        BadConfig(json: #"{"attribution": {"click_window_days": 3}}"#, key: "attribution.click_window_days"),
        BadConfig(json: #"{"attribution": {"conversion_report_time": "WHENEVER"}}"#, key: "attribution.conversion_report_time"),
        BadConfig(json: #"[]"#, key: "--config"),
        BadConfig(json: #"null"#, key: "--config"),
        BadConfig(json: "", key: "--config"),
        BadConfig(json: #"{"lookback_days": 5"#, key: "--config"),
        BadConfig(json: "\u{FEFF}\u{0}\u{1}garbage", key: "--config"),
        BadConfig(json: String(repeating: "[", count: 100_000), key: "--config"),
        BadConfig(json: #"{"attribution": "# + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "}", key: "--config"),
    ]

    @Test("a bad configuration file is refused naming the key and the file", arguments: badConfigs)
    func badConfigurationFile(bad: BadConfig) throws {
        let path = Self.temporaryDirectory() + "/config.json"
        try Data(bad.json.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ConfigurationLoader(environment: [:]).load(explicitPath: path)
            Issue.record("accepted \(bad.json.prefix(80))")
        } catch let error as ConfigurationError {
            // Deep nesting is refused by the JSON reader itself ("not valid JSON") or as a wrong type.
            let acceptable = error.key == bad.key || (bad.key == "--config" && error.key == "attribution")
            #expect(acceptable, "\(error)")
            #expect(error.description.contains(path))
            #expect(ExitCode(for: error) == .config)
        }
    }

    @Test("bad environment values are refused naming the variable", arguments: [
        ["PINTEREST_LOOKBACK_DAYS": "5 days"],
        ["PINTEREST_LOOKBACK_DAYS": "-5"],
        ["PINTEREST_AD_ACCOUNT_IDS": "1,2;3"],
        ["PINTEREST_AD_ACCOUNT_IDS": "1' OR '1'='1"],
        ["PINTEREST_API_BASE_URL": "http://example.com/v5"],
        ["PINTEREST_ETL_SINK": "oracle://db"],
        ["PINTEREST_CLIENT_SECRET_FILE": "/nonexistent/secret"],
    ])
    func badEnvironment(environment: [String: String]) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: environment).load()
        }
        #expect(error.description.contains(environment.keys.first!) || error.key == "lookback_days" || error.key == "ad_account_ids",
                "\(error)")
    }

    @Test("bad command lines and configs through the binary: 64 and 78, never a crash")
    func binaryExitCodes() async throws {
        let harness = try await ETLHarness(.sqlite)
        let cases: [([String], Int32, String)] = [
            (["delivery", "--from", "2026-02-30", "--to", "2026-03-01"], 64, "2026-02-30"),
            (["delivery", "--from", "2026-13-01", "--to", "2026-12-01"], 64, "2026-13-01"),
            (["delivery", "--from", "2026-01-02", "--to", "2026-01-01"], 64, "after"),
            (["delivery", "--from", "0000-00-00", "--to", "2026-01-01"], 64, "0000-00-00"),
            (["delivery", "--lookback-days", "-3"], 64, "lookback"),
            (["delivery", "--lookback-days", "99999999999999999999999"], 64, "lookback"),
            (["delivery", "--accounts", "1;DROP TABLE etl_runs"], 64, "accounts"),
            (["delivery", "--bogus"], 64, "--bogus"),
            (["delivery", "--log-format", "xml"], 64, "log-format"),
            (["frobnicate"], 64, "frobnicate"),
        ]
        for (arguments, code, text) in cases {
            let result = try await harness.run(arguments)
            #expect(result.status == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)")
        }
        let configs: [(String, String)] = [
            (#"{"lookback_days": 5, "lookbak_days": 3}"#, "lookbak_days"),
            (String(repeating: "[", count: 200_000), "--config"),
            (String(repeating: " ", count: 1 << 21), "1 MiB"),
            (#"{"sink": "postgresql://u:hunter2-secret@db.invalid/x", "lookback_days": "x"}"#, "lookback_days"),
        ]
        for (json, text) in configs {
            let path = try harness.writeConfig(json)
            let result = try await harness.run(["delivery", "--config", path])
            #expect(result.status == 78, "\(text): \(result.stderr)")
            #expect(result.stderr.contains(text) && result.stderr.contains(path), "\(result.stderr)")
            #expect(!result.stderr.contains("hunter2-secret"))
        }
        // Nothing was requested or written by any of them.
        #expect(!harness.simulator.requests.contains { $0.path.contains("/reports") })
    }

    // MARK: Report files

    static let account = "549755885175"

    static func row(_ fields: String, ad: String = "987654321987654321") -> String {
        #"{"DATE":"2025-11-01","CAMPAIGN_ID":"626736533506","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"\#(ad)","PIN_ID":"123456789012345678"\#(fields)}"#
    }

    static func parse(_ text: String) throws -> [DeliveryRow] {
        var rows: [DeliveryRow] = []
        _ = try ReportFileParser(account: account).parse(ByteReader(data: Data(text.utf8))) { rows.append($0) }
        return rows
    }

    @Test("bad metric values name the column, the ad and the date", arguments: [
        (#""IMPRESSION_1":"abc""#, "IMPRESSION_1"),
        (#""IMPRESSION_1":"""#, "IMPRESSION_1"),
        (#""IMPRESSION_1":true"#, "IMPRESSION_1"),
        (#""IMPRESSION_1":{"v":1}"#, "IMPRESSION_1"),
        (#""IMPRESSION_1":[1]"#, "IMPRESSION_1"),
        (#""CLICKTHROUGH_1":-1"#, "CLICKTHROUGH_1"),
        (#""SPEND_IN_MICRO_DOLLAR":-0.5"#, "SPEND_IN_MICRO_DOLLAR"),
        (#""SPEND_IN_MICRO_DOLLAR":1e400"#, "SPEND_IN_MICRO_DOLLAR"),
        (#""SPEND_IN_MICRO_DOLLAR":99999999999999999999999999999"#, "SPEND_IN_MICRO_DOLLAR"),
        (#""TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR":"0x10""#, "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"),
        (#""TOTAL_LEAD":"１２""#, "TOTAL_LEAD"),
        (#""TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":-1.5"#, "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND"),
        (#""TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":1e400"#, "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND"),
        (#""TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":"NaN""#, "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND"),
        (#""TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":"inf""#, "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND"),
    ])
    func badMetrics(fields: String, column: String) throws {
        let error = try #require(throws: PinterestAPIError.self) { try Self.parse("{\"1\":[\(Self.row("," + fields))]}") }
        #expect(error.description.contains(column), "\(error)")
        if case .invalidMetric = error {
            #expect(error.description.contains("987654321987654321") && error.description.contains("2025-11-01"), "\(error)")
        }
        #expect(ExitCode(for: error) == .accountFailed)
    }

    @Test("exact edge values are kept exactly")
    func edgeValues() throws {
        let rows = try Self.parse("[\(Self.row(#","SPEND_IN_MICRO_DOLLAR":9223372036854775807,"IMPRESSION_1":0,"CLICKTHROUGH_1":"42","TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":1e-300"#))]")
        #expect(rows.first?.spendMicro == Int64.max)
        #expect(rows.first?.clicks == 42)
        #expect(rows.first?.videoAvgWatchSeconds == 1e-300)
    }

    @Test("missing required fields and non-id ids are named", arguments: [
        ("DATE", #"{"CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3","PIN_ID":"4"}"#),
        ("CAMPAIGN_ID", #"{"DATE":"2025-11-01","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3","PIN_ID":"4"}"#),
        ("AD_GROUP_ID", #"{"DATE":"2025-11-01","CAMPAIGN_ID":"1","PIN_PROMOTION_ID":"3","PIN_ID":"4"}"#),
        ("PIN_ID", #"{"DATE":"2025-11-01","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3"}"#),
        ("PIN_PROMOTION_ID", #"{"DATE":"2025-11-01","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_ID":"4"}"#),
        ("CAMPAIGN_ID", #"{"DATE":"2025-11-01","CAMPAIGN_ID":"1 OR 1=1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3","PIN_ID":"4"}"#),
        ("DATE", #"{"DATE":"2026-02-30","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3","PIN_ID":"4"}"#),
        ("DATE", #"{"DATE":20251101,"CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3","PIN_ID":"4"}"#),
    ])
    func missingFields(column: String, row: String) throws {
        let error = try #require(throws: PinterestAPIError.self) { try Self.parse("[\(row)]") }
        #expect(error.description.contains(column), "\(error)")
    }

    @Test("unknown columns of any shape are ignored; unknown report keys too")
    func unknownColumns() throws {
        let rows = try Self.parse("{\"1\":[\(Self.row(#","NEW_METRIC_2027":{"a":[1,2,{"b":null}],"c":"\u00e9"},"FLAG":true,"LIST":[[],[[]]]"#))]}")
        #expect(rows.count == 1)
    }

    @Test("JSON nested too deep is refused, not a stack overflow")
    func nestedTooDeep() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let inColumn = "[\(Self.row(",\"X\":" + deep))]"
        let error = try #require(throws: PinterestAPIError.self) { try Self.parse(inColumn) }
        #expect(error.description.contains("nesting too deep"), "\(error)")
        #expect(throws: PinterestAPIError.self) { try Self.parse("{\"1\":" + deep + "}") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data(deep.utf8)) }
    }

    @Test("a huge value is refused at its size limit, without reading the rest")
    func hugeValue() async throws {
        // An endless string: the parser stops at 1 MiB. Read on a thread of its own (blocking reads).
        let stream = try PipeStream(prefix: "[" + Self.row(",\"X\":\"")) { _ in Array(repeating: UInt8(ascii: "a"), count: 1 << 16) }
        let outcome = try await offPool { () -> String in
            defer { stream.close() }
            do {
                _ = try ReportFileParser(account: Self.account).parse(ByteReader(handle: stream.reader)) { _ in }
                return "no error"
            } catch {
                return "\(type(of: error)): \(error)"
            }
        }
        #expect(outcome.hasPrefix("PinterestAPIError") && outcome.contains("longer than"), "\(outcome)")
        #expect(stream.bytesWritten < 8 << 20, "read \(stream.bytesWritten) bytes before refusing")
    }

    struct StreamOutcome: Sendable {
        var parsed = 0, count = 0
        var spend: Int64 = 0
        var writtenAtFirstRow = 0, total = 0
    }

    @Test("a large download streams: rows flow before the file ends, memory bounded by one row")
    func largeDownloadStreams() async throws {
        // 20,000 rows (~4 MB) produced on demand through a pipe; the parser must hand out the
        // first row long before the producer is done (a 64 KiB pipe cannot hold the file).
        let rowCount = 20_000
        let first = Self.row(#","SPEND_IN_MICRO_DOLLAR":7,"IMPRESSION_1":3"#, ad: "9")
        let rowText = Array(("," + first).utf8)
        let stream = try PipeStream(prefix: "[" + first) { index in
            if index >= (rowCount - 1) / 64 { return index == (rowCount - 1) / 64 ? Array("]".utf8) : nil }
            return Array(repeating: rowText, count: 64).flatMap { $0 }
        }
        let started = ContinuousClock.now
        let outcome = try await offPool { () throws -> StreamOutcome in
            defer { stream.close() }
            var outcome = StreamOutcome()
            outcome.parsed = try ReportFileParser(account: Self.account).parse(ByteReader(handle: stream.reader)) { row in
                if outcome.count == 0 { outcome.writtenAtFirstRow = stream.bytesWritten }
                outcome.count += 1
                outcome.spend += row.spendMicro
            }
            outcome.total = stream.bytesWritten
            return outcome
        }
        #expect(outcome.parsed == outcome.count)
        #expect(outcome.count == 1 + ((rowCount - 1) / 64) * 64)
        #expect(outcome.spend == Int64(outcome.count) * 7)
        #expect(outcome.writtenAtFirstRow < 1 << 20, "the first row came after \(outcome.writtenAtFirstRow) of \(outcome.total) bytes")
        print("streamed \(outcome.total / 1_000_000) MB, \(outcome.count) rows, in \(ContinuousClock.now - started)")
    }

    // MARK: Entities

    @Test("unknown enum values are kept as text; missing required ids are named")
    func entities() throws {
        let campaign = try CampaignRecord(json: JSONValue.parse(Data(#"{"id":"1","ad_account_id":"2","status":"FROZEN_BY_MARS","objective_type":"TELEPATHY","name":"Robert'); DROP TABLE pinterest_meta_campaign;--"}"#.utf8)), account: "2")
        #expect(campaign.status == "FROZEN_BY_MARS")
        #expect(campaign.objectiveType == "TELEPATHY")
        let missing = try #require(throws: PinterestAPIError.self) {
            try CampaignRecord(json: JSONValue.parse(Data(#"{"ad_account_id":"2","status":"ACTIVE"}"#.utf8)), account: "2")
        }
        #expect(missing.description.contains("`id`"), "\(missing)")
        let wrongType = try #require(throws: PinterestAPIError.self) {
            try CampaignRecord(json: JSONValue.parse(Data(#"{"id":{"x":1},"ad_account_id":"2"}"#.utf8)), account: "2")
        }
        #expect(wrongType.description.contains("an object"), "\(wrongType)")
    }

    // MARK: The warehouse

    static let nasty = ["1'; DROP TABLE pinterest_data_delivery; --", "x\"); DELETE FROM etl_runs; --", "$1", "\\", "%_'\"\\0",
                        "é\u{0}"].map { $0.replacingOccurrences(of: "\u{0}", with: "") }

    /// A migrated warehouse of `kind` (close it when done) and a one-day window to load.
    static func migratedWarehouse(_ kind: SinkKind) async throws -> (ETLHarness, Warehouse, DayRange) {
        let harness = try await ETLHarness(kind)
        let sink = try harness.openSink()
        _ = try await sink.migrate()
        let day = Day("2025-11-01")!
        return (harness, sink, DayRange(first: day, last: day)!)
    }

    @Test("ids and names with SQL metacharacters round-trip unchanged", arguments: SinkKind.available)
    func sqlMetacharacters(kind: SinkKind) async throws {
        let (harness, sink, window) = try await Self.migratedWarehouse(kind)
        defer { sink.close(); withExtendedLifetime(harness) {} }
        let day = window.first
        let account = Self.nasty[0]
        var rows: [DeliveryRow] = []
        for (index, text) in Self.nasty.enumerated() {
            var row = DeliveryRow(date: day, adAccountId: account, campaignId: text, adGroupId: text + "g",
                                  pinPromotionId: text + String(index), pinId: text + "p")
            row.spendMicro = Int64(index + 1)
            rows.append(row)
        }
        let run = RunRecord(runId: "r'1", job: .delivery, adAccountId: account, window: window)
        try await sink.replaceDeliveryWindow(account: account, window: window, run: run) { inserter in
            for row in rows { try inserter.insert(row) }
        }
        let back = try sink.select("SELECT campaign_id, ad_group_id, pin_promotion_id, pin_id FROM pinterest_data_delivery WHERE ad_account_id = $1 ORDER BY spend_micro", [.text(account)])
        #expect(back == rows.map { [$0.campaignId, $0.adGroupId, $0.pinPromotionId, $0.pinId] })
        var campaign = CampaignRecord(id: Self.nasty[1], adAccountId: account)
        campaign.name = "Robert'); DROP TABLE pinterest_meta_campaign;-- \u{1F600}"
        try await sink.replaceLookups(account: AdAccountRecord(id: account, name: Self.nasty[2]), run: RunRecord(runId: "m", job: .meta, adAccountId: account),
                                      campaigns: { try $0.insert(campaign) }, adGroups: { _ in }, ads: { _ in })
        #expect(try sink.select("SELECT id, name FROM pinterest_meta_campaign") == [[campaign.id, campaign.name]])
        #expect(try sink.select("SELECT name FROM pinterest_meta_adaccount WHERE id = $1", [.text(account)]) == [[Self.nasty[2]]])
        #expect(try sink.select("SELECT run_id FROM etl_runs WHERE job = 'delivery'") == [["r'1"]])
    }

    @Test("a SQLite file write-locked past the busy timeout is a temporary failure (75), not corruption")
    func sqliteBusyPastTimeout() async throws {
        let path = Self.temporaryDirectory() + "/w.sqlite"
        let holder = try Warehouse.open(.sqlite(path: path))
        defer { holder.close() }
        _ = try await holder.migrate()
        try holder.beginWriteTransaction()
        // The program waits 30 s; a connection with a short timeout shows what happens after.
        let impatient = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 200)
        defer { impatient.close() }
        let error = try #require(throws: SQLiteError.self) { try impatient.execute("BEGIN IMMEDIATE") }
        #expect(error.isBusy, "\(error)")
        #expect(ExitCode(for: error) == .tempFail)
        holder.rollback()
        try impatient.execute("BEGIN IMMEDIATE")
        try impatient.execute("ROLLBACK")
    }

    @Test("duplicate rows in one report: the load is refused naming the row, the window unchanged", arguments: SinkKind.available)
    func duplicateRows(kind: SinkKind) async throws {
        let (harness, sink, window) = try await Self.migratedWarehouse(kind)
        defer { sink.close(); withExtendedLifetime(harness) {} }
        let day = window.first
        var row = DeliveryRow(date: day, adAccountId: "7", campaignId: "1", adGroupId: "2", pinPromotionId: "3141592653", pinId: "4")
        row.impressions = 10
        try await sink.replaceDeliveryWindow(account: "7", window: window, run: RunRecord(runId: "a", job: .delivery, adAccountId: "7", window: window)) {
            try $0.insert(row)
        }
        let before = try harness.deliveryData()
        var twin = row
        twin.impressions = 99
        var other = row
        other.pinPromotionId = "2718281828"
        let error = await #expect(throws: (any Error).self) {
            try await sink.replaceDeliveryWindow(account: "7", window: window, run: RunRecord(runId: "b", job: .delivery, adAccountId: "7", window: window)) {
                try $0.insert(other)
                try $0.insert(row)
                try $0.insert(twin)
            }
        }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("3141592653") && text.contains("2025-11-01"), "the error names the row: \(text)")
        #expect(ExitCode(for: try #require(error)) == .accountFailed)
        #expect(try harness.deliveryData() == before)
    }
}

/// A pipe fed by a plain thread (not the concurrency pool) with `prefix` then the chunks
/// `next(index)` returns until nil; the reader end is a FileHandle, as a download would be.
final class PipeStream: @unchecked Sendable {
    // @unchecked: `written` is guarded by `lock`; the descriptors are set once.
    let reader: FileHandle
    private let writeFD: Int32
    private let lock = NSLock()
    private var written = 0
    private let done = DispatchSemaphore(value: 0)

    var bytesWritten: Int { lock.lock(); defer { lock.unlock() }; return written }

    init(prefix: String, next: @escaping @Sendable (Int) -> [UInt8]?) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CocoaError(.fileReadUnknown) }
        reader = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        writeFD = fds[1]
        signal(SIGPIPE, SIG_IGN)
        let fd = fds[1]
        Thread.detachNewThread { [self] in
            var index = 0
            var chunk: [UInt8]? = Array(prefix.utf8)
            outer: while let bytes = chunk {
                var offset = 0
                while offset < bytes.count {
                    let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                    if n <= 0 { break outer }   // the reader closed: stop producing
                    offset += n
                    lock.lock(); written += n; lock.unlock()
                }
                chunk = next(index)
                index += 1
            }
            Glibc.close(fd)
            done.signal()
        }
    }

    /// Closes the reading end (the producer then stops) and waits for the producer to finish.
    func close() {
        try? reader.close()
        done.wait()
    }
}
