import Foundation
import PinterestModel
import TestSupport
import Testing
@testable import Warehouse

/// The contract every sink must honour, run unchanged against SQLite and PostgreSQL.
@Suite("Sink contract")
struct SinkContractTests {
    static let window = Fixtures.window("2026-11-15", "2026-11-19")

    /// Reads delivery rows back through plain SQL and rebuilds them, so a bug on the write path
    /// cannot hide behind the same bug on a read path.
    func readDelivery(_ warehouse: TestWarehouse, account: String = Fixtures.account) throws -> [DeliveryRow] {
        let sink = try warehouse.open()
        defer { sink.close() }
        let rows = try sink.select("""
            SELECT \(DeliveryRow.columnNames.joined(separator: ", ")) FROM pinterest_data_delivery
            WHERE ad_account_id = $1 ORDER BY date, pin_promotion_id
            """, [.text(account)])
        return try rows.map { values in
            func text(_ index: Int) throws -> String { try #require(values[index]) }
            var row = DeliveryRow(date: try #require(Day(try text(0))), adAccountId: try text(1), campaignId: try text(2),
                                  adGroupId: try text(3), pinPromotionId: try text(4), pinId: try text(5))
            for (offset, metric) in DeliveryMetric.allCases.enumerated() {
                let value = try text(6 + offset)
                if metric.isFractional {
                    row.videoAvgWatchSeconds = try #require(Double(value))
                } else {
                    row.setInteger(metric, try #require(Int64(value), "\(metric.columnName) = \(value)"))
                }
            }
            return row
        }
    }

    @discardableResult
    func load(_ warehouse: TestWarehouse, _ rows: [DeliveryRow], window: DayRange = window,
              account: String = Fixtures.account, runId: String = UUID().uuidString) async throws -> LoadCounts {
        let sink = try warehouse.open()
        defer { sink.close() }
        return try await sink.replaceDeliveryWindow(account: account, window: window,
                                                    run: Fixtures.run(runId, account: account, window: window)) { inserter in
            for row in rows { try inserter.insert(row) }
        }
    }

    func sorted(_ rows: [DeliveryRow]) -> [DeliveryRow] {
        rows.sorted { ($0.date, $0.pinPromotionId) < ($1.date, $1.pinPromotionId) }
    }

    @Test("migrate twice is a no-op", arguments: SinkKind.available)
    func migrateTwice(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind, migrated: false)
        let sink = try warehouse.open()
        defer { sink.close() }
        let first = try await sink.migrate()
        #expect(first.map(\.version) == Migration.all(for: sink.dialect).map(\.version))
        #expect(!first.isEmpty)
        let schemaBefore = try schema(sink)
        let second = try await sink.migrate()
        #expect(second.isEmpty)
        #expect(try schema(sink) == schemaBefore)
        #expect(try sink.appliedVersions() == first.map(\.version))
        for table in ["pinterest_data_delivery", "pinterest_meta_campaign", "pinterest_meta_adgroup",
                      "pinterest_meta_pinpromotion", "pinterest_meta_adaccount", "etl_runs", "schema_migrations",
                      "pinterest_delivery_report"] {
            #expect(schemaBefore.contains { $0.hasPrefix(table + ":") }, "missing \(table)")
        }
    }

    /// Table and column names with types: what a second migrate must not change.
    func schema(_ sink: Warehouse) throws -> [String] {
        switch sink.dialect {
        case .sqlite:
            return try sink.select("""
                SELECT m.name || ':' || p.name || ':' || p.type FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS p
                WHERE m.type IN ('table', 'view') ORDER BY m.name, p.cid
                """).compactMap { $0[0] }
        case .postgres:
            return try sink.select("""
                SELECT table_name || ':' || column_name || ':' || data_type FROM information_schema.columns
                WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
                """).compactMap { $0[0] }
        }
    }

    @Test("delivery rows round-trip exactly, 18-digit ids and money included", arguments: SinkKind.available)
    func deliveryRoundTrip(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        var rows = Fixtures.deliveryRows(days: Self.window, ads: 40)
        rows[0].spendMicro = Int64.max / 4  // beyond 2^53: any pass through a Double would show
        rows[1].videoAvgWatchSeconds = 0.1 + 0.2
        let counts = try await load(warehouse, rows)
        #expect(counts == LoadCounts(rowsDeleted: 0, rowsWritten: rows.count))
        #expect(try readDelivery(warehouse) == sorted(rows))
    }

    @Test("sum of spend_micro in equals sum out, and the dollar column matches", arguments: SinkKind.available)
    func exactMoney(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let rows = Fixtures.deliveryRows(days: Self.window, ads: 200)
        try await load(warehouse, rows)
        let sink = try warehouse.open()
        defer { sink.close() }
        let expected = rows.reduce(Int64(0)) { $0 + $1.spendMicro }
        let result = try sink.select("SELECT SUM(spend_micro), SUM(checkout_value_micro) FROM pinterest_data_delivery")
        #expect(result[0][0] == String(expected))
        #expect(result[0][1] == String(rows.reduce(Int64(0)) { $0 + $1.checkoutValueMicro }))
        // The display column is the micro amount scaled, per row.
        let sample = rows[7]
        let spend = try sink.select("SELECT spend FROM pinterest_data_delivery WHERE pin_promotion_id = $1 AND date = $2",
                                    [.text(sample.pinPromotionId), .text(sample.date.description)])
        let dollarText = try #require(spend[0][0])
        let dollars = try #require(Double(dollarText))
        #expect(abs(dollars - Double(sample.spendMicro) / 1_000_000) < 1e-6)
    }

    @Test("lookup rows round-trip with quotes, tabs, newlines, backslashes and emoji", arguments: SinkKind.available)
    func lookupRoundTrip(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let sink = try warehouse.open()
        defer { sink.close() }
        let account = AdAccountRecord(id: Fixtures.account, name: "ACME \"EU\"\tß", currency: "EUR", country: "DE",
                                      ownerUsername: "acme", createdTime: 1_603_772_920)
        let campaigns = Fixtures.campaigns(count: 14)
        let adGroups = Fixtures.adGroups(count: 21)
        let ads = Fixtures.ads(count: 70)
        let counts = try await sink.replaceLookups(
            account: account, run: Fixtures.run(job: .meta),
            campaigns: { inserter in for row in campaigns { try inserter.insert(row) } },
            adGroups: { inserter in for row in adGroups { try inserter.insert(row) } },
            ads: { inserter in for row in ads { try inserter.insert(row) } })
        #expect(counts.rowsWritten == 1 + campaigns.count + adGroups.count + ads.count)

        let names = try sink.select("SELECT id, name, status, lifetime_spend_cap_micro, daily_spend_cap_micro, tracking_urls FROM pinterest_meta_campaign ORDER BY id")
        #expect(names.map { $0[0] } == campaigns.map(\.id))
        #expect(names.map { $0[1] } == campaigns.map(\.name))
        #expect(names.map { $0[2] } == campaigns.map(\.status))
        #expect(names.map { $0[3] } == campaigns.map { $0.lifetimeSpendCapMicro.map(String.init) })
        #expect(names.map { $0[4] } == campaigns.map { $0.dailySpendCapMicro.map(String.init) })
        #expect(names.map { $0[5] } == campaigns.map(\.trackingUrls))

        let groups = try sink.select("SELECT id, campaign_id, name, targeting_spec, budget_in_micro_currency, bid_in_micro_currency FROM pinterest_meta_adgroup ORDER BY id")
        #expect(groups.map { $0[0] } == adGroups.map(\.id))
        #expect(groups.map { $0[2] } == adGroups.map(\.name))
        #expect(groups.map { $0[4] } == adGroups.map { $0.budgetInMicroCurrency.map(String.init) })
        #expect(groups.map { $0[5] } == adGroups.map { $0.bidInMicroCurrency.map(String.init) })
        // JSON text is stored as given (PostgreSQL could normalise it if it were jsonb).
        #expect(groups.map { $0[3] } == adGroups.map(\.targetingSpec))

        let stored = try sink.select("SELECT id, name, destination_url, pin_id, rejected_reasons FROM pinterest_meta_pinpromotion ORDER BY id")
        #expect(stored.map { $0[1] } == ads.map(\.name))
        #expect(stored.map { $0[2] } == ads.map(\.destinationUrl))
        #expect(stored.map { $0[4] } == ads.map(\.rejectedReasons))
        // The empty name stays an empty string, distinct from NULL.
        #expect(stored.contains { $0[1] == "" })

        let accountRow = try sink.select("SELECT name, currency, country, owner_username FROM pinterest_meta_adaccount")
        #expect(accountRow == [["ACME \"EU\"\tß", "EUR", "DE", "acme"]])
    }

    @Test("a window replace run twice gives the same table", arguments: SinkKind.available)
    func replaceTwice(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let rows = Fixtures.deliveryRows(days: Self.window, ads: 30)
        try await load(warehouse, rows)
        let once = try warehouse.dump("pinterest_data_delivery", excluding: ["run_id", "loaded_at"], orderBy: "date, pin_promotion_id")
        let counts = try await load(warehouse, rows)
        #expect(counts == LoadCounts(rowsDeleted: rows.count, rowsWritten: rows.count))
        let twice = try warehouse.dump("pinterest_data_delivery", excluding: ["run_id", "loaded_at"], orderBy: "date, pin_promotion_id")
        #expect(once == twice)
        #expect(once.count == rows.count)
    }

    @Test("rows outside the window, and other accounts' rows, are untouched", arguments: SinkKind.available)
    func outsideWindowUntouched(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let history = Fixtures.window("2026-11-01", "2026-11-19")
        try await load(warehouse, Fixtures.deliveryRows(days: history, ads: 10), window: history, runId: "history")
        try await load(warehouse, Fixtures.deliveryRows(account: Fixtures.otherAccount, days: history, ads: 10),
                       window: history, account: Fixtures.otherAccount, runId: "other")
        let before = try warehouse.dump("pinterest_data_delivery", orderBy: "ad_account_id, date, pin_promotion_id")

        // A smaller, changed window: late conversions rewrote the last five days, and one ad is gone.
        var recent = Fixtures.deliveryRows(days: Self.window, ads: 9, seed: 42)
        recent.removeLast()
        let counts = try await load(warehouse, recent, runId: "recent")
        #expect(counts == LoadCounts(rowsDeleted: 5 * 10, rowsWritten: recent.count))

        let after = try warehouse.dump("pinterest_data_delivery", orderBy: "ad_account_id, date, pin_promotion_id")
        let date = try #require(try columnIndex(warehouse, "date"))
        let accountColumn = try #require(try columnIndex(warehouse, "ad_account_id"))
        func outside(_ row: [String?]) -> Bool {
            row[accountColumn] != Fixtures.account || !Self.window.contains(Day(row[date]!)!)
        }
        #expect(before.filter(outside) == after.filter(outside))
        #expect(after.filter(outside).count == before.count - 50)
        #expect(try readDelivery(warehouse).filter { Self.window.contains($0.date) } == sorted(recent))
    }

    func columnIndex(_ warehouse: TestWarehouse, _ name: String) throws -> Int? {
        let sink = try warehouse.open()
        defer { sink.close() }
        return try warehouse.columnNames("pinterest_data_delivery", sink: sink).firstIndex(of: name)
    }

    @Test("an error after N rows leaves every table exactly as before", arguments: SinkKind.available)
    func failedLoadRollsBack(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        try await load(warehouse, Fixtures.deliveryRows(days: Self.window, ads: 20), runId: "good")
        let before = try warehouse.dump("pinterest_data_delivery", orderBy: "date, pin_promotion_id")
        let runsBefore = try warehouse.dump("etl_runs", orderBy: "run_id")

        // Enough rows that PostgreSQL has already sent COPY data to the server before the error.
        for failAfter in [0, 1, 7_000] {
            let rows = Fixtures.deliveryRows(days: Self.window, ads: 2_000, seed: 9)
            let sink = try warehouse.open()
            await #expect(throws: InjectedFailure.self) {
                try await sink.replaceDeliveryWindow(account: Fixtures.account, window: Self.window,
                                                     run: Fixtures.run("bad-\(failAfter)", window: Self.window)) { inserter in
                    for (index, row) in rows.enumerated() {
                        if index == failAfter { throw InjectedFailure() }
                        try inserter.insert(row)
                    }
                }
            }
            // The same connection stays usable after the rollback.
            #expect(try sink.select("SELECT COUNT(*) FROM etl_runs")[0][0] == String(runsBefore.count))
            sink.close()
            #expect(try warehouse.dump("pinterest_data_delivery", orderBy: "date, pin_promotion_id") == before)
            #expect(try warehouse.dump("etl_runs", orderBy: "run_id") == runsBefore)
        }
    }

    @Test("a row outside the window or of another account aborts the load", arguments: SinkKind.available)
    func foreignRowsRefused(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let good = Fixtures.deliveryRows(days: Self.window, ads: 3)
        try await load(warehouse, good)
        let before = try warehouse.dump("pinterest_data_delivery", orderBy: "date, pin_promotion_id")
        let early = Fixtures.deliveryRows(days: Fixtures.window("2026-11-14", "2026-11-14"), ads: 1)
        let foreign = Fixtures.deliveryRows(account: Fixtures.otherAccount, days: Self.window, ads: 1)
        for intruder in [early[0], foreign[0]] {
            await #expect(throws: WarehouseError.self) {
                try await load(warehouse, good + [intruder])
            }
            #expect(try warehouse.dump("pinterest_data_delivery", orderBy: "date, pin_promotion_id") == before)
        }
    }

    @Test("a duplicate row in one load is refused and rolled back", arguments: SinkKind.available)
    func duplicateRowsRefused(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let rows = Fixtures.deliveryRows(days: Self.window, ads: 3)
        await #expect(throws: (any Error).self) { try await load(warehouse, rows + [rows[4]]) }
        #expect(try warehouse.count("pinterest_data_delivery") == 0)
    }

    @Test("SQLite: a second holder of a job's lock is refused until the first releases; the lock covers every account")
    func sqliteJobLocks() async throws {
        let warehouse = try await TestWarehouse.make(.sqlite)
        let first = try warehouse.open()
        let second = try warehouse.open()
        defer { first.close(); second.close() }
        #expect(!first.claimsAccounts)
        let lock = try first.tryLock(job: .delivery)
        #expect {
            _ = try second.tryLock(job: .delivery)
        } throws: { error in
            guard case WarehouseError.busy(let job, _) = error else { return false }
            return job == .delivery
        }
        // The holder has every account already.
        #expect(try first.tryClaim(job: .delivery, account: Fixtures.account))
        #expect(try first.tryClaim(job: .delivery, account: Fixtures.otherAccount))
        // Locks are per job: the meta refresh is not blocked by a delivery import.
        let meta = try second.tryLock(job: .meta)
        meta.release()
        lock.release()
        let again = try second.tryLock(job: .delivery)
        again.release()
    }

    @Test("PostgreSQL: runs share a job; each account is claimed by one connection at a time, per job",
          .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
    func postgresAccountClaims() async throws {
        let warehouse = try await TestWarehouse.make(.postgres)
        let first = try warehouse.open()
        let second = try warehouse.open()
        defer { first.close(); second.close() }
        #expect(first.claimsAccounts)
        // The job lock is shared: both runs have it.
        let mine = try first.tryLock(job: .delivery), theirs = try second.tryLock(job: .delivery)
        defer { mine.release(); theirs.release() }
        #expect(try first.tryClaim(job: .delivery, account: Fixtures.account))
        #expect(try !second.tryClaim(job: .delivery, account: Fixtures.account), "held by the first connection")
        // Another account, or the same account in another job, is free.
        #expect(try second.tryClaim(job: .delivery, account: Fixtures.otherAccount))
        #expect(try second.tryClaim(job: .meta, account: Fixtures.account))
        first.releaseClaim(job: .delivery, account: Fixtures.account)
        #expect(try second.tryClaim(job: .delivery, account: Fixtures.account))
    }

    @Test("PostgreSQL: a claim ends with its connection's session (a killed worker's accounts are free at once)",
          .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
    func claimEndsWithTheSession() async throws {
        let warehouse = try await TestWarehouse.make(.postgres)
        let holder = try warehouse.open(), other = try warehouse.open()
        defer { holder.close(); other.close() }
        #expect(try holder.tryClaim(job: .delivery, account: Fixtures.account))
        let pid = try #require(try holder.select("SELECT pg_backend_pid()").first?.first ?? nil)
        #expect(try !other.tryClaim(job: .delivery, account: Fixtures.account))
        // The server ends the holder's backend, as it does when the holder's process dies.
        #expect(try other.select("SELECT pg_terminate_backend($1::int4)", [.text(pid)]) == [["t"]])
        var free = false
        for _ in 0..<200 where !free {
            free = try other.tryClaim(job: .delivery, account: Fixtures.account)
            if !free { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(free)
        holder.releaseClaim(job: .delivery, account: Fixtures.account)  // its connection is gone: still safe
    }

    @Test("the report view's ratios are NULL where the denominator is 0", arguments: SinkKind.available)
    func viewRatios(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let day = Day("2026-11-15")!
        var zero = DeliveryRow(date: day, adAccountId: Fixtures.account, campaignId: "1", adGroupId: "2", pinPromotionId: "3", pinId: "4")
        zero.earnedSaves = 5  // a row exists, but every denominator is 0
        var full = DeliveryRow(date: day, adAccountId: Fixtures.account, campaignId: "1", adGroupId: "2", pinPromotionId: "5", pinId: "6")
        full.impressions = 1000
        full.clicks = 20
        full.outboundClicks = 10
        full.spendMicro = 5_000_000
        full.videoViews = 100
        full.videoStarts = 200
        full.videoCompletes = 50
        full.saves = 30
        full.engagements = 40
        full.checkoutValueMicro = 15_000_000
        try await load(warehouse, [zero, full], window: DayRange(first: day, last: day)!)
        let sink = try warehouse.open()
        defer { sink.close() }
        let ratios = ["ctr", "outbound_ctr", "cpc", "cpm", "cpv", "vtr", "vcr", "save_rate", "engagement_rate", "roas"]
        let rows = try sink.select("SELECT pin_promotion_id, \(ratios.joined(separator: ", ")) FROM pinterest_delivery_report ORDER BY pin_promotion_id")
        #expect(rows.count == 2)
        #expect(rows[0].dropFirst().allSatisfy { $0 == nil })
        let values = rows[1].dropFirst().map { $0.flatMap(Double.init) ?? .nan }
        let expected = [0.02, 0.01, 0.25, 5.0, 0.05, 0.05, 0.25, 0.03, 0.04, 3.0]
        for (name, (value, want)) in zip(ratios, zip(values, expected)) {
            #expect(abs(value - want) < 1e-9, "\(name) = \(value), expected \(want)")
        }
    }

    @Test("every delivery row joins to its names in the report view", arguments: SinkKind.available)
    func viewJoinsNames(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        try await load(warehouse, Fixtures.deliveryRows(days: Self.window, ads: 30))
        let sink = try warehouse.open()
        defer { sink.close() }
        try await sink.replaceLookups(
            account: AdAccountRecord(id: Fixtures.account, name: "ACME", currency: "USD"), run: Fixtures.run(job: .meta),
            campaigns: { inserter in for row in Fixtures.campaigns(count: 3) { try inserter.insert(row) } },
            adGroups: { inserter in for row in Fixtures.adGroups(count: 10) { try inserter.insert(row) } },
            ads: { inserter in for row in Fixtures.ads(count: 30) { try inserter.insert(row) } })
        let missing = try sink.select("""
            SELECT COUNT(*) FROM pinterest_delivery_report
            WHERE campaign_name IS NULL OR ad_group_name IS NULL OR pin_promotion_name IS NULL OR currency IS NULL
            """)
        #expect(missing[0][0] == "0")
        #expect(try warehouse.count("pinterest_delivery_report") == 150)
    }

    @Test("runs are recorded with their outcome and counts", arguments: SinkKind.available)
    func runsRecorded(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let sink = try warehouse.open()
        defer { sink.close() }
        var failed = Fixtures.run("run-1", window: Self.window)
        try await sink.recordRun(failed)
        failed.status = .failed
        failed.finishedAt = .now()
        failed.apiRequests = 7
        failed.error = "report FAILED twice for account \(Fixtures.account)"
        try await sink.recordRun(failed)
        try await load(warehouse, Fixtures.deliveryRows(days: Self.window, ads: 2), runId: "run-2")
        let rows = try sink.select("SELECT run_id, job, status, window_start, window_end, rows_written, api_requests, error, finished_at IS NOT NULL FROM etl_runs ORDER BY run_id")
        #expect(rows.count == 2)
        #expect(rows[0][0...7] == ["run-1", "delivery", "failed", "2026-11-15", "2026-11-19", "0", "7", failed.error])
        #expect(rows[1][0...7] == ["run-2", "delivery", "succeeded", "2026-11-15", "2026-11-19", "10", "0", nil])
    }

    @Test("library errors carry the library's message and the SQL, never bound values", arguments: SinkKind.available)
    func errorsAreUseful(kind: SinkKind) async throws {
        let warehouse = try await TestWarehouse.make(kind)
        let sink = try warehouse.open()
        defer { sink.close() }
        do {
            _ = try sink.select("SELECT FROM WHERE nonsense")
            Issue.record("a syntax error was not reported")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("syntax error"), "\(text)")
            if kind == .postgres { #expect((error as? PostgresError)?.sqlState == "42601") }
        }
        let secret = "pina.SECRET-VALUE-123"
        try sink.execute("INSERT INTO etl_runs (run_id, job, ad_account_id, started_at, status) VALUES ($1, 'meta', 'x', $2, 'running')",
                         [.text(secret), .text(Timestamp.now().description)])
        do {
            try sink.execute("INSERT INTO etl_runs (run_id, job, ad_account_id, started_at, status) VALUES ($1, 'meta', 'x', $2, 'running')",
                             [.text(secret), .text(Timestamp.now().description)])
            Issue.record("a duplicate key was not reported")
        } catch {
            let text = String(describing: error)
            if kind == .postgres { #expect((error as? PostgresError)?.sqlState == PostgresError.State.uniqueViolation) }
            #expect(!text.contains(secret), "\(text)")
        }
        // A value the column type refuses: PostgreSQL's message would quote it (22P02, 22003).
        // (SQLite has no such casts; there the statement fails without quoting anything either.)
        for (sql, value) in [("SELECT $1::bigint", "pina.SECRET-NOT-A-NUMBER"), ("SELECT $1::int4", "99999999999999999999"),
                             ("SELECT $1::date", "2026-13-45-pina.SECRET")] {
            do {
                _ = try sink.select(sql, [.text(value)])
                if kind == .postgres { Issue.record("\(value) was accepted as \(sql)") }
            } catch {
                let text = String(describing: error) + String(reflecting: error) + error.localizedDescription
                #expect(!text.contains(value), "\(text)")
                if kind == .postgres {
                    let postgres = try #require(error as? PostgresError)
                    #expect(postgres.sqlState?.hasPrefix("22") == true && text.contains(postgres.sqlState ?? "?"), "\(text)")
                }
            }
        }
    }
}
