import Foundation
@testable import PinterestAPI
@testable import PinterestETL
import PinterestModel
import Testing
import TestSupport

/// Mutation fuzzing of the parsers that read untrusted bytes: report files, API JSON (entities)
/// and configuration files. Seeded and deterministic, and bounded by a count, never by time (a busy
/// machine runs the same inputs). Each
/// input must either parse or throw the parser's typed error: never crash, hang or throw
/// anything else.
/// Runs blocking work on a thread of its own, so it never holds a thread of the concurrency pool
/// (the in-process simulator and the process-watching tests need those). `body` must not record
/// issues itself: it returns what the test then checks.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

@Suite("Fuzz")
struct FuzzTests {

    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "\\", "-", "0", "9", "e", "E+", ".", " ", "\n", "null", "true", "false",
        "1e999", "-0", "00", "\\u", "\\ud800", "\\u00e9", "\"DATE\":", "\"PIN_PROMOTION_ID\":", "\"SPEND_IN_MICRO_DOLLAR\":",
        "\"2026-02-30\"", "9223372036854775808", "\u{1F600}", "\u{0}", "\"lookback_days\":", "\"retry\":{", "\"sink\":",
    ].map { Array($0.utf8) } + [[0xFF], [0x80], [0xC3], [0x1F, 0x8B]]

    /// One to four mutations: bit flips, byte sets, truncation, insertion, deletion, duplication, splicing.
    static func mutate(_ input: [UInt8], corpus: [[UInt8]], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty:
                bytes[position] = tokens.randomElement(using: &rng)!.first ?? 0
            case 2:
                bytes = Array(bytes.prefix(position))
            case 3:
                bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: position)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &rng))
                bytes.removeSubrange(position..<end)
            case 5 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &rng))
                let slice = bytes[position..<end]
                bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &rng))
            default:
                let other = corpus.randomElement(using: &rng)!
                let cut = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &rng)
                bytes = Array(bytes.prefix(position)) + other[cut...]
            }
        }
        return bytes
    }

    static func row(_ ad: String, _ date: String, _ fields: String = "") -> String {
        #"{"DATE":"\#(date)","AD_ACCOUNT_ID":"549755885175","CAMPAIGN_ID":"626736533506","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"\#(ad)","PIN_ID":"123456789012345678"\#(fields)}"#
    }

    static let reportCorpus: [[UInt8]] = [
        "{\"987654321987654321\":[\(row("987654321987654321", "2025-11-01", #","SPEND_IN_MICRO_DOLLAR":1520000,"IMPRESSION_1":812,"TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":0.5"#)),\(row("987654321987654321", "2025-11-02", #","CLICKTHROUGH_1":"3""#))]}",
        "[\(row("1", "2025-11-01", #","TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR":9223372036854775807,"CAMPAIGN_NAME":"Caf\u00e9 \"q\" \\ /","X":{"n":[1,{"a":null}]}"#))]",
        " { \"2\" : [ ] , \"3\" : [ {\"DATE\":\"2025-11-02\",\"CAMPAIGN_ID\":1,\"AD_GROUP_ID\":2,\"PIN_ID\":4,\"IMPRESSION_2\":1.0e2} ] }\n",
        "{}",
    ].map { Array($0.utf8) }

    static let account = "549755885175"

    struct Tally: Sendable {
        var fuzzed = 0, accepted = 0, refused = 0
        var failures: [String] = []
    }

    @Test("mutated report files parse or throw PinterestAPIError, never crash")
    func reportFiles() async throws {
        let tally = try await offPool { try Self.fuzzReportFiles(limit: 5_000, seed: 0x5EED_0001) }
        print("fuzz: \(tally.fuzzed) report files (\(tally.accepted) parsed, \(tally.refused) refused)")
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
        #expect(tally.fuzzed == 5_000)
        #expect(tally.accepted > 0 && tally.refused > 0, "the mutations should produce both outcomes")
    }

    /// Both ways of reading a row, on the same mutated files: the fast path reads common rows
    /// straight from the buffer and hands anything else to the general path, so the rows, or
    /// the error and its wording, must come out the same.
    @Test("the fast row path reads every mutated report file exactly as the general path does")
    func fastPathAgreesWithGeneralPath() async throws {
        let disagreements = try await offPool { () -> [String] in
            var rng = SplitMix64(seed: 0x5EED_0002)
            var found: [String] = []
            for index in 0..<4_000 {
                let input = Self.mutate(Self.reportCorpus.randomElement(using: &rng)!, corpus: Self.reportCorpus, using: &rng)
                let targeting = index % 4 == 0
                func read(fast: Bool) -> String {
                    var parser = ReportFileParser(account: Self.account, bufferSize: 64 * 1024, targeting: targeting)
                    parser.fastPath = fast
                    var rows: [String] = []
                    do {
                        _ = try parser.parseRows(ByteReader(data: Data(input))) { rows.append("\($0.row) \($0.targetingType ?? "-") \($0.targetingValue ?? "-")") }
                        return rows.joined(separator: "\n")
                    } catch {
                        return "error: \(error)"
                    }
                }
                let fast = read(fast: true), general = read(fast: false)
                if fast != general { found.append("input \(index): fast «\(fast.prefix(300))» general «\(general.prefix(300))»") }
            }
            return found
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
    }

    static func fuzzReportFiles(limit: Int, seed: UInt64) throws -> Tally {
        var rng = SplitMix64(seed: seed)
        let directory = Scratch.path("fuzz")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/report.json"
        var tally = Tally()
        while tally.fuzzed < limit {
            let input = mutate(reportCorpus.randomElement(using: &rng)!, corpus: reportCorpus, using: &rng)
            tally.fuzzed += 1
            var rows: [DeliveryRow] = []
            do {
                if tally.fuzzed % 16 == 0 {
                    // Through a file with a tiny read buffer: every chunk boundary a value can straddle.
                    try Data(input).write(to: URL(fileURLWithPath: path))
                    let parser = ReportFileParser(account: account, bufferSize: Int.random(in: 1...97, using: &rng))
                    _ = try parser.parse(path: path) { rows.append($0) }
                } else {
                    _ = try ReportFileParser(account: account).parse(ByteReader(data: Data(input))) { rows.append($0) }
                }
                tally.accepted += 1
                for row in rows {
                    let idsOK = !row.pinPromotionId.isEmpty && row.adAccountId == account
                        && [row.campaignId, row.adGroupId, row.pinId].allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }
                    let metricsOK = DeliveryMetric.allCases.allSatisfy { $0.isFractional || row.integer($0) >= 0 }
                        && row.videoAvgWatchSeconds.isFinite && row.videoAvgWatchSeconds >= 0
                    if !(idsOK && metricsOK) { tally.failures.append("input \(tally.fuzzed) gave an invalid row \(row)") }
                }
            } catch is PinterestAPIError {
                tally.refused += 1
            } catch {
                tally.failures.append("input \(tally.fuzzed) threw \(type(of: error)): \(error) — \(String(decoding: input.prefix(200), as: UTF8.self))")
            }
        }
        return tally
    }

    static let entityCorpus: [[UInt8]] = [
        #"{"id":"626736533506","ad_account_id":"549755885175","name":"Caf\u00e9","status":"ACTIVE","objective_type":"AWARENESS","daily_spend_cap":1500000,"start_time":1700000000,"is_flexible_daily_budgets":true,"tracking_urls":{"impression":["https://x"]}}"#,
        #"{"id":626736533506,"ad_account_id":"549755885175","status":"ARCHIVED","lifetime_spend_cap":null,"end_time":"1700000000"}"#,
    ].map { Array($0.utf8) }

    @Test("mutated API entities decode or throw typed errors, never crash")
    func entities() async throws {
        let tally = try await offPool {
            var rng = SplitMix64(seed: 0x5EED_0002)
            var tally = Tally()
            while tally.fuzzed < 5_000 {
                let input = Self.mutate(Self.entityCorpus.randomElement(using: &rng)!, corpus: Self.entityCorpus, using: &rng)
                tally.fuzzed += 1
                do {
                    let value = try JSONValue.parse(Data(input))
                    _ = try CampaignRecord(json: value, account: Self.account)
                    tally.accepted += 1
                } catch is JSONSyntaxError {
                    tally.refused += 1
                } catch is PinterestAPIError {
                    tally.refused += 1
                } catch {
                    tally.failures.append("input \(tally.fuzzed) threw \(type(of: error)): \(error)")
                }
            }
            return tally
        }
        print("fuzz: \(tally.fuzzed) API entities (\(tally.accepted) decoded)")
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
        #expect(tally.fuzzed == 5_000)
    }

    static let configCorpus: [[UInt8]] = [
        (try? Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/pinterest-etl.example.json"))).map { [UInt8]($0) } ?? Array("{}".utf8),
        Array(#"{"ad_account_ids":["549755813888","1"],"lookback_days":7,"sink":"postgresql://u:p@127.0.0.1/db","retry":{"max_attempts":2}}"#.utf8),
        Array(#"{"api_base_url":"http://127.0.0.1:8080/v5","attribution":{"view_window_days":0,"conversion_report_time":"TIME_OF_CONVERSION"}}"#.utf8),
    ]

    @Test("mutated config files load or throw ConfigurationError, never crash")
    func configFiles() async throws {
        let tally = try await offPool { try Self.fuzzConfigFiles(limit: 3_000, seed: 0x5EED_0003) }
        print("fuzz: \(tally.fuzzed) config files (\(tally.accepted) loaded)")
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
        #expect(tally.fuzzed == 3_000 && tally.accepted > 0)
    }

    static func fuzzConfigFiles(limit: Int, seed: UInt64) throws -> Tally {
        var rng = SplitMix64(seed: seed)
        let directory = Scratch.path("fuzz")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/config.json"
        var tally = Tally()
        let loader = ConfigurationLoader(environment: ["HOME": directory])
        while tally.fuzzed < limit {
            let input = mutate(configCorpus.randomElement(using: &rng)!, corpus: configCorpus, using: &rng)
            tally.fuzzed += 1
            try Data(input).write(to: URL(fileURLWithPath: path))
            do {
                let config = try loader.load(explicitPath: path)
                tally.accepted += 1
                // Schemes are case-insensitive (RFC 3986): "httP://127.0.0.1" is loopback http.
                let scheme = config.apiBaseURL.scheme?.lowercased()
                let valid = (1...914).contains(config.lookbackDays) && (1...32).contains(config.maxParallelAccounts)
                    && config.adAccountIds.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }
                    && (scheme == "https" || (scheme == "http" && LoopbackHost.isLoopback(config.apiBaseURL.host ?? "")))
                if !valid { tally.failures.append("input \(tally.fuzzed) loaded an invalid config: \(String(decoding: input, as: UTF8.self))") }
            } catch is ConfigurationError {
                tally.refused += 1
            } catch {
                tally.failures.append("input \(tally.fuzzed) threw \(type(of: error)): \(error)")
            }
        }
        return tally
    }
}
