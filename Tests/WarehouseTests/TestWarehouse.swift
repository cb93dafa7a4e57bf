import Foundation
import TestSupport
import PinterestModel
import Testing
@testable import Warehouse

/// The sinks every contract test runs against.
enum SinkKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when its test server runs (always in CI).
    static var available: [SinkKind] {
        PostgresTestServer.shouldRun ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// A fresh, migrated warehouse of one kind: a temp SQLite file or a new PostgreSQL database.
struct TestWarehouse {
    let kind: SinkKind
    let url: String

    static func make(_ kind: SinkKind, migrated: Bool = true) async throws -> TestWarehouse {
        let url: String
        switch kind {
        case .sqlite:
            url = "sqlite:\(Scratch.directory("warehouse"))/warehouse.sqlite"
        case .postgres:
            url = try PostgresTestServer.server().createDatabase()
        }
        let warehouse = TestWarehouse(kind: kind, url: url)
        if migrated {
            let sink = try warehouse.open()
            defer { sink.close() }
            try await sink.migrate()
        }
        return warehouse
    }

    func open() throws -> Warehouse { try Warehouse.open(SinkURL(url)) }

    /// Every row of a table as text, in key order, leaving out the named columns.
    func dump(_ table: String, excluding: Set<String> = [], orderBy: String) throws -> [[String?]] {
        let sink = try open()
        defer { sink.close() }
        let columns = try columnNames(table, sink: sink).filter { !excluding.contains($0) }
        return try sink.select("SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(orderBy)")
    }

    func columnNames(_ table: String, sink: Warehouse) throws -> [String] {
        switch sink.dialect {
        case .sqlite:
            return try sink.select("SELECT name FROM pragma_table_xinfo($1) ORDER BY cid", [.text(table)]).compactMap { $0[0] }
        case .postgres:
            return try sink.select("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position
                """, [.text(table)]).compactMap { $0[0] }
        }
    }

    func count(_ table: String, where condition: String = "1 = 1", _ parameters: [SQLValue] = []) throws -> Int {
        let sink = try open()
        defer { sink.close() }
        return Int(try sink.select("SELECT COUNT(*) FROM \(table) WHERE \(condition)", parameters)[0][0] ?? "") ?? -1
    }
}

/// Deterministic rows with the awkward values real accounts have: 18-digit ids, names with
/// quotes, commas, tabs, newlines, backslashes and emoji, large money amounts.
enum Fixtures {
    static let awkwardNames = [
        "Summer \"Sale\", 50% off",
        "tab\there",
        "line one\nline two\r\nline three",
        "back\\slash \\N \\t literal",
        "emoji 🎉📌 and café ñ",
        "it's O'Brien's; DROP TABLE pinterest_data_delivery; --",
        "",
    ]

    static let account = "549755885175123456"
    static let otherAccount = "549755885175999999"

    static func id(_ prefix: Int, _ index: Int) -> String {
        String(prefix) + String(format: "%015d", index)
    }

    static func deliveryRows(account: String = account, days: DayRange, ads: Int, seed: Int64 = 1) -> [DeliveryRow] {
        var rows: [DeliveryRow] = []
        var day = days.first
        while day <= days.last {
            for ad in 0..<ads {
                var row = DeliveryRow(
                    date: day, adAccountId: account, campaignId: id(626, ad / 10), adGroupId: id(262, ad / 3),
                    pinPromotionId: id(687, ad), pinId: id(111, ad))
                let base = Int64(ad + 1) * 7919 + Int64(day.daysSinceEpoch) * 31 + seed
                for (offset, metric) in DeliveryMetric.allCases.enumerated() where !metric.isFractional {
                    row.setInteger(metric, (base * Int64(offset + 3)) % 100_000)
                }
                row.spendMicro = base * 1_234_567 + 999_999  // dollars with all six decimals used
                row.checkoutValueMicro = base * 7_654_321
                row.videoAvgWatchSeconds = Double(base % 1000) / 7.0  // not exactly representable in 15 digits
                rows.append(row)
            }
            day = day.adding(days: 1)
        }
        return rows
    }

    static func campaigns(account: String = account, count: Int) -> [CampaignRecord] {
        (0..<count).map { index in
            var record = CampaignRecord(id: id(626, index), adAccountId: account)
            record.name = awkwardNames[index % awkwardNames.count] + " #\(index)"
            record.status = ["ACTIVE", "PAUSED", "ARCHIVED", "SOME_FUTURE_STATUS"][index % 4]
            record.objectiveType = "WEB_CONVERSION"
            record.dailySpendCapMicro = index % 2 == 0 ? 25_000_000 + Int64(index) : nil
            record.lifetimeSpendCapMicro = Int64.max - Int64(index)
            record.startTime = 1_700_000_000 + Int64(index)
            record.isPerformancePlus = index % 3 == 0
            record.trackingUrls = #"{"impression":["https://example.com/i?a=1&b=\"2\""]}"#
            record.createdTime = 1_600_000_000
            record.updatedTime = 1_700_000_000
            return record
        }
    }

    static func adGroups(account: String = account, count: Int) -> [AdGroupRecord] {
        (0..<count).map { index in
            var record = AdGroupRecord(id: id(262, index), adAccountId: account, campaignId: id(626, index / 3))
            record.name = awkwardNames[(index + 1) % awkwardNames.count]
            record.status = "ACTIVE"
            record.budgetInMicroCurrency = 10_000_000_000 + Int64(index)
            record.bidInMicroCurrency = index % 2 == 0 ? 1_500_000 : nil
            record.targetingSpec = #"{"GEO":["US-94107"],"LOCALE":["en"],"AGE_BUCKET":["25-34"]}"#
            record.optimizationGoalMetadata = #"{"conversion_tag_v3_goal_metadata":{"cpa_goal_value_in_micro_currency":"12000000"}}"#
            record.bidMultiplier = 1.25
            record.autoTargetingEnabled = false
            return record
        }
    }

    static func ads(account: String = account, count: Int) -> [AdRecord] {
        (0..<count).map { index in
            var record = AdRecord(id: id(687, index), adAccountId: account, campaignId: id(626, index / 10), adGroupId: id(262, index / 3))
            record.pinId = id(111, index)
            record.name = awkwardNames[(index + 2) % awkwardNames.count]
            record.status = index % 5 == 0 ? "ARCHIVED" : "ACTIVE"
            record.creativeType = "VIDEO"
            record.destinationUrl = "https://shop.example.com/p/\(index)?utm_source=pinterest&x=\t"
            record.isPinDeleted = index % 7 == 0
            record.rejectedReasons = index % 4 == 0 ? #"["LANDING_PAGE"]"# : nil
            record.createdTime = 1_650_000_000 + Int64(index)
            return record
        }
    }

    static func window(_ first: String, _ last: String) -> DayRange {
        DayRange(first: Day(first)!, last: Day(last)!)!
    }

    static func run(_ id: String = UUID().uuidString, job: JobKind = .delivery, account: String = account, window: DayRange? = nil) -> RunRecord {
        RunRecord(runId: id, job: job, adAccountId: account, window: window)
    }
}

struct InjectedFailure: Error, Equatable {}
