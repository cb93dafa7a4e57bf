import Foundation
import PinterestModel
import PinterestSimulator
import TestSupport
import Testing
import Warehouse

/// Breakdowns (`pinterest_data_targeting`), creatives (`pinterest_meta_pin`), the names of
/// targeting codes, and the settings each run records: the built binary against the simulator.
@Suite("Breakdowns and creatives")
struct BreakdownTests {
    static let types = TargetingTypes.defaultBreakdowns

    /// The targeting table's data columns for `window`, in key order, as text.
    static func targetingData(_ harness: ETLHarness, window: DayRange) throws -> [[String?]] {
        let columns = (["date", "ad_account_id", "campaign_id", "ad_group_id", "pin_promotion_id", "targeting_type", "targeting_value"]
                       + DeliveryMetric.allCases.map(\.columnName)).joined(separator: ", ")
        return try harness.select("""
            SELECT \(columns) FROM pinterest_data_targeting WHERE date >= $1 AND date <= $2
            ORDER BY ad_account_id, date, pin_promotion_id, targeting_type, targeting_value
            """, [.text(window.first.description), .text(window.last.description)])
    }

    /// Every breakdown row of `window` equals the oracle's, every id, value and metric.
    static func expectTargetingMatchesOracle(_ harness: ETLHarness, window: DayRange,
                                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        var expected: [[String?]] = []
        for account in harness.accounts.sorted() {
            for row in harness.simulator.oracle.targetingRows(account: account, in: window, types: types) {
                let m = row.metrics
                expected.append([m.date.description, m.adAccountId, m.campaignId, m.adGroupId, m.pinPromotionId,
                                 row.targetingType, row.targetingValue]
                                + DeliveryMetric.allCases.map { $0.isFractional ? nil : String(m.integer($0)) })
            }
        }
        // The table's key order: account, date, ad, type, value (text compared as bytes).
        expected.sort { lhs, rhs in
            for index in [1, 0, 4, 5, 6] where lhs[index] != rhs[index] {
                return Array((lhs[index] ?? "").utf8).lexicographicallyPrecedes(Array((rhs[index] ?? "").utf8))
            }
            return false
        }
        var actual = try targetingData(harness, window: window)
        let watch = 7 + DeliveryMetric.allCases.firstIndex { $0.isFractional }!
        for index in actual.indices { actual[index][watch] = nil }   // compared apart, as a number
        #expect(actual.count == expected.count, "\(actual.count) breakdown rows, the oracle has \(expected.count)",
                sourceLocation: sourceLocation)
        #expect(actual == expected, "breakdown rows differ from the oracle", sourceLocation: sourceLocation)
        // Per type and value, every metric's sum; per type, the delivery total (one type's values add up).
        for account in harness.accounts {
            let totals = harness.simulator.oracle.targetingTotals(account: account, in: window, types: types)
            let sums = try harness.select("""
                SELECT targeting_type, targeting_value, SUM(spend_micro), SUM(impressions), SUM(checkout_value_micro)
                FROM pinterest_data_targeting WHERE ad_account_id = $1 AND date >= $2 AND date <= $3 GROUP BY targeting_type, targeting_value
                """, [.text(account), .text(window.first.description), .text(window.last.description)])
            #expect(sums.count == totals.values.map(\.count).reduce(0, +), sourceLocation: sourceLocation)
            for row in sums {
                let want = totals[row[0] ?? ""]?[row[1] ?? ""]
                #expect(row[2] == want.map { String($0[.spendMicro] ?? -1) } && row[3] == want.map { String($0[.impressions] ?? -1) }
                        && row[4] == want.map { String($0[.checkoutValueMicro] ?? -1) }, "\(row)", sourceLocation: sourceLocation)
            }
            let delivery = harness.simulator.oracle.totals(account: account, in: window)[.spendMicro] ?? -1
            for type in types {
                let spend = Int64(try harness.select("""
                    SELECT COALESCE(SUM(spend_micro), 0) FROM pinterest_data_targeting
                    WHERE ad_account_id = $1 AND targeting_type = $2 AND date >= $3 AND date <= $4
                    """, [.text(account), .text(type), .text(window.first.description), .text(window.last.description)])[0][0] ?? "")
                #expect(spend == delivery, "\(type): \(spend ?? -1) ≠ delivery \(delivery)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("meta and delivery with breakdowns: targeting rows, names, pins and settings as the oracle says; a rerun changes nothing; late conversions move only the window",
          arguments: SinkKind.available)
    func breakdownsEndToEnd(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        #expect(try await harness.run(["meta"], environment: ETLHarness.withBreakdowns).status == 0)
        let first = try await harness.run(["delivery"], environment: ETLHarness.withBreakdowns)
        #expect(first.status == 0, "\(first.stderr)")
        let window = harness.defaultWindow()
        try harness.expectDeliveryMatchesOracle(window: window)
        try Self.expectTargetingMatchesOracle(harness, window: window)

        // LOCATION-style numeric values and string values alike are stored as text; the view names them.
        let named = try harness.select("""
            SELECT DISTINCT targeting_type, targeting_value, targeting_name FROM pinterest_targeting_report ORDER BY 1, 2
            """)
        for row in named {
            let (type, value, name) = (row[0] ?? "", row[1] ?? "", row[2] ?? "")
            switch type {
            case "COUNTRY": #expect(name == Locale(identifier: "en_US").localizedString(forRegionCode: value), "\(row)")
            case "REGION": #expect(name == value, "REGION has no names: the code stands in")
            default: #expect(name == harness.simulator.oracle.targetingNames(type: type)[value], "\(row)")
            }
        }
        #expect(named.contains { $0[0] == "APPTYPE" && $0[2] == "iPhone 📱" })
        let unjoined = try harness.select("SELECT COUNT(*) FROM pinterest_targeting_report WHERE campaign_name IS NULL OR currency IS NULL")
        #expect(unjoined == [["0"]])

        // Every promoted pin, with its exact title and image, whatever its media shape; no organic pin.
        for account in harness.accounts {
            let pins = harness.simulator.oracle.promotedPins(account: account)
            let stored = try harness.select("""
                SELECT id, title, image_url, video_url, media_type FROM pinterest_meta_pin WHERE ad_account_id = $1 ORDER BY id
                """, [.text(account)])
            #expect(stored == pins.sorted { $0.id < $1.id }.map { [$0.id, $0.title, $0.imageURL, $0.videoURL, $0.mediaType] })
        }
        #expect(Set(try harness.select("SELECT media_type FROM pinterest_meta_pin").compactMap { $0[0] })
                == ["image", "video", "multiple_images", "multiple_videos", "multiple_mixed"])

        // The settings the run sent.
        let settings = try harness.select("SELECT settings FROM etl_runs WHERE job = 'delivery'").compactMap { $0[0] }
        #expect(settings.count == harness.accounts.count)
        #expect(settings.allSatisfy { $0.contains(#""breakdowns":["AGE_BUCKET","APPTYPE","COUNTRY","GENDER","REGION"]"#)
                && $0.contains(#""click_window_days":30"#) && $0.contains(#""level":"PIN_PROMOTION""#) }, "\(settings)")

        // Rerun: byte for byte the same data.
        let before = try Self.targetingData(harness, window: window)
        #expect(try await harness.run(["delivery"], environment: ETLHarness.withBreakdowns).status == 0)
        #expect(try Self.targetingData(harness, window: window) == before)

        // A day later: the new window is reloaded (late conversions), the day that left it stays.
        let leftBehind = DayRange(first: window.first, last: window.first)!
        let old = try Self.targetingData(harness, window: leftBehind)
        harness.simulator.advanceToday(by: 1)
        #expect(try await harness.run(["delivery"], environment: ETLHarness.withBreakdowns).status == 0)
        try Self.expectTargetingMatchesOracle(harness, window: harness.defaultWindow())
        #expect(try Self.targetingData(harness, window: leftBehind) == old)
    }

    @Test("a breakdown report that fails leaves both tables of that account as they were", arguments: SinkKind.available)
    func failedBreakdownReport(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        #expect(try await harness.run(["delivery"], environment: ETLHarness.withBreakdowns).status == 0)
        let delivery = try harness.snapshot()
        let oldWindow = harness.defaultWindow()
        let targeting = try Self.targetingData(harness, window: oldWindow)
        #expect(!targeting.isEmpty)
        harness.simulator.advanceToday(by: 1)   // new numbers: a partial load would show
        harness.simulator.setFailTargetingReports(true)
        let failed = try await harness.run(["delivery"], environment: ETLHarness.withBreakdowns)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("ended FAILED twice"), "\(failed.stderr)")
        #expect(try harness.snapshot() == delivery)
        #expect(try Self.targetingData(harness, window: oldWindow) == targeting)
        let newDay = DayRange(first: harness.defaultWindow().last, last: harness.defaultWindow().last)!
        #expect(try Self.targetingData(harness, window: newDay).isEmpty, "no breakdown rows of the failed run")
    }

    @Test("breakdowns [] asks for no breakdown report and leaves the targeting table alone")
    func noBreakdownsNoExtraCall() async throws {
        let harness = try await ETLHarness(.sqlite)
        let config = try harness.writeConfig(#"{"breakdowns": []}"#)
        // The environment's setting would win over the file: leave the file to speak.
        let result = try await harness.run(["delivery", "--config", config], environment: ["PINTEREST_BREAKDOWNS": ""])
        #expect(result.status == 0, "\(result.stderr)")
        let creations = harness.simulator.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/reports") }
        #expect(creations.count == harness.accounts.count)
        #expect(!creations.contains { String(decoding: $0.body, as: UTF8.self).contains("TARGETING") })
        #expect(try harness.count("pinterest_data_targeting") == 0)
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
    }

    @Test("a token without pins:read (403, or 401 code 3): meta still succeeds with one warning, the pins stay, no refresh is spent",
          arguments: [403, 401])
    func tokenWithoutPinScope(refusal: Int) async throws {
        let harness = try await ETLHarness(.sqlite)
        #expect(try await harness.run(["meta"]).status == 0)
        let pins = try harness.select("SELECT * FROM pinterest_meta_pin ORDER BY ad_account_id, id")
        #expect(!pins.isEmpty)
        harness.simulator.setGrantsPinScopes(false, refusingWith: refusal)
        harness.simulator.advanceToday(by: 1)
        harness.simulator.clearRequests()
        let result = try await harness.run(["meta"])
        // One refresh at the start of the run, none for the refusals.
        #expect(harness.simulator.requests.filter { $0.path.hasSuffix("/oauth/token") }.count <= 1, "\(result.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "pins:read").count - 1 == harness.accounts.count, "one warning per account: \(result.stderr)")
        #expect(try harness.select("SELECT * FROM pinterest_meta_pin ORDER BY ad_account_id, id") == pins)
        let runs = try harness.select("SELECT status FROM etl_runs WHERE job = 'meta'")
        #expect(runs.count == 2 * harness.accounts.count && runs.allSatisfy { $0[0] == "succeeded" })
        for account in harness.accounts {
            #expect(try harness.select("SELECT COUNT(*) FROM pinterest_meta_pinpromotion WHERE ad_account_id = $1", [.text(account)])
                    == [[String(harness.simulator.oracle.ads(account: account).count)]])
        }
    }

    @Test("changed attribution windows are recorded per run, and status warns that the last two runs differ")
    func settingsAreRecorded() async throws {
        let harness = try await ETLHarness(.sqlite)
        #expect(try await harness.run(["meta"]).status == 0)
        #expect(try await harness.run(["delivery"]).status == 0)
        let config = try harness.writeConfig(#"{"attribution": {"click_window_days": 7, "view_window_days": 0}}"#)
        #expect(try await harness.run(["delivery", "--config", config]).status == 0)
        let settings = try harness.select("SELECT settings FROM etl_runs WHERE job = 'delivery' ORDER BY started_at").compactMap { $0[0] }
        #expect(settings.count == 2 * harness.accounts.count)
        #expect(settings.prefix(harness.accounts.count).allSatisfy { $0.contains(#""click_window_days":30"#) && $0.contains(#""view_window_days":1"#) })
        #expect(settings.suffix(harness.accounts.count).allSatisfy { $0.contains(#""click_window_days":7"#) && $0.contains(#""view_window_days":0"#) })
        // What the second run sent Pinterest carries the new windows.
        let bodies = harness.simulator.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/reports") }.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies.suffix(harness.accounts.count).allSatisfy { $0.contains(#""click_window_days":7"#) })
        let status = try await harness.run(["status"])
        #expect(status.stdout.contains("SETTINGS CHANGED"), "\(status.stdout)")
        #expect(status.status == 0, "a change of settings is a warning, not a failure: \(status.stdout)")
    }
}
