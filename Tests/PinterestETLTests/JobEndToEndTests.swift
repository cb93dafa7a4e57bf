import Foundation
import PinterestModel
@testable import PinterestETL
import PinterestSimulator
import TestSupport
import Testing
import Warehouse

/// The built binary against the simulator, over both sinks: what an operator runs and what an
/// analyst queries the next morning.
@Suite("Jobs end to end")
struct JobEndToEndTests {
    @Test("meta then delivery: the warehouse equals the oracle, and every row joins its names", arguments: SinkKind.available)
    func fullImport(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        let meta = try await harness.run(["meta"])
        #expect(meta.status == 0, "meta: \(meta.stderr)")
        let delivery = try await harness.run(["delivery"])
        #expect(delivery.status == 0, "delivery: \(delivery.stderr)")

        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
        let oracle = harness.simulator.oracle
        for account in harness.accounts {
            let ads = try harness.select("SELECT COUNT(*) FROM pinterest_meta_pinpromotion WHERE ad_account_id = $1", [.text(account)])
            #expect(ads[0][0] == String(oracle.ads(account: account).count))
            let campaigns = try harness.select("SELECT COUNT(*) FROM pinterest_meta_campaign WHERE ad_account_id = $1", [.text(account)])
            #expect(campaigns[0][0] == String(oracle.campaigns(account: account).count))
            let groups = try harness.select("SELECT COUNT(*) FROM pinterest_meta_adgroup WHERE ad_account_id = $1", [.text(account)])
            #expect(groups[0][0] == String(oracle.adGroups(account: account).count))
        }
        // Every delivery row finds its campaign, ad group, ad and account names, archived ones too.
        let unjoined = try harness.select("""
            SELECT COUNT(*) FROM pinterest_delivery_report
            WHERE ad_account_name IS NULL OR campaign_name IS NULL OR ad_group_name IS NULL OR pin_promotion_status IS NULL
            """)
        #expect(unjoined[0][0] == "0")
        let archived = try harness.select("""
            SELECT COUNT(*) FROM pinterest_delivery_report WHERE pin_promotion_status = 'ARCHIVED'
            """)
        #expect((Int(archived[0][0] ?? "") ?? 0) > 0, "the simulator gives archived ads recent delivery; they must be imported and named")
        // Names survive exactly, awkward characters included.
        for account in oracle.accounts {
            let name = try harness.select("SELECT name FROM pinterest_meta_adaccount WHERE id = $1", [.text(account.id)])
            #expect(name.first?[0] == account.name)
        }
        // One etl_runs row per job and account, succeeded, with counts.
        let runs = try harness.select("SELECT job, status, rows_written, api_requests FROM etl_runs ORDER BY job, ad_account_id")
        #expect(runs.count == 2 * harness.accounts.count)
        #expect(runs.allSatisfy { $0[1] == "succeeded" && (Int($0[3] ?? "") ?? 0) > 0 })
        // A daily run costs at most 3 calls per account plus polls (create, poll, download).
        let deliveryRequests = try harness.select("SELECT api_requests FROM etl_runs WHERE job = 'delivery'")
        #expect(deliveryRequests.allSatisfy { (Int($0[0] ?? "") ?? 99) <= 3 + harness.options.reportPollsBeforeReady })
        harness.expectNoSecrets(in: [meta.stdout, meta.stderr, delivery.stdout, delivery.stderr])
    }

    @Test("meta asks for its lists at once: a slow ads page does not hold back the pins, and every lookup is made")
    func metaListsAtOnce() async throws {
        let harness = try await ETLHarness(.sqlite, options: ETLHarness.smallWorld(accounts: 1, ads: 600))
        let account = harness.accounts[0]
        let oracle = harness.simulator.oracle
        let unlisted = oracle.unlistedPinIds(account: account)
        #expect(unlisted.count > MetaJob.concurrentPinLookups, "more lookups than run at once: \(unlisted.count)")
        // The account's first ads page is answered 8 s late: listed one after another, the pins
        // would be asked for only once it came. One lookup fails once and is retried.
        try harness.simulator.inject("slow:8s@/ads,500x1@/pins/\(unlisted[1])")
        let meta = try await harness.run(["meta"])
        #expect(meta.status == 0, "\(meta.stderr)")
        let requests = harness.simulator.requests
        let ads = try #require(requests.first { $0.path.hasSuffix("/ads") })
        // The pins' first page is asked for while the ads page is held (later pages follow at the
        // simulator's pace, which a loaded machine slows to seconds a page).
        let firstPinPage = try #require(requests.first { $0.path.hasSuffix("/pins") })
        #expect(firstPinPage.date < ads.date.addingTimeInterval(6),
                "pins first asked for \(firstPinPage.date.timeIntervalSince(ads.date)) s after the ads page")
        let lookups = requests.filter { $0.path.contains("/pins/") }.map { ($0.path as NSString).lastPathComponent }
        #expect(Set(lookups) == Set(unlisted) && lookups.count == unlisted.count + 1, "\(lookups)")
        let stored = try harness.select("SELECT id FROM pinterest_meta_pin WHERE ad_account_id = $1 ORDER BY id", [.text(account)])
        #expect(stored.compactMap { $0[0] } == oracle.promotedPins(account: account).map(\.id).sorted())
        let storedAds = try harness.select("SELECT COUNT(*) FROM pinterest_meta_pinpromotion WHERE ad_account_id = $1", [.text(account)])
        #expect(storedAds[0][0] == String(oracle.ads(account: account).count))
    }

    @Test("a pin lookup that keeps failing fails its account's refresh and leaves its lookup rows as they were")
    func failingPinLookup() async throws {
        let harness = try await ETLHarness(.sqlite, options: ETLHarness.smallWorld(accounts: 1, ads: 600))
        let account = harness.accounts[0]
        #expect(try await harness.run(["meta"]).status == 0)
        let tables = ["pinterest_meta_pin", "pinterest_meta_pinpromotion", "pinterest_meta_campaign"]
        let before = try tables.map { try harness.select("SELECT * FROM \($0) ORDER BY 1, 2") }
        let unlisted = harness.simulator.oracle.unlistedPinIds(account: account)
        try harness.simulator.inject("500x50@/pins/\(unlisted[2])")
        let config = try harness.writeConfig(#"{"retry": {"max_attempts": 2, "max_wait_seconds": 1}}"#)
        let meta = try await harness.run(["meta", "--config", config])
        #expect(meta.status != 0, "\(meta.stderr)")
        #expect(meta.stderr.contains(account) && meta.stderr.contains("/pins/\(unlisted[2])"), "\(meta.stderr)")
        #expect(try tables.map { try harness.select("SELECT * FROM \($0) ORDER BY 1, 2") } == before)
    }

    @Test("a later run updates late conversions inside the window only; a rerun changes nothing", arguments: SinkKind.available)
    func lateConversionsAndIdempotence(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        let first = try await harness.run(["delivery", "--lookback-days", "10"])
        #expect(first.status == 0, "\(first.stderr)")
        let firstWindow = harness.defaultWindow(lookback: 10)
        let before = try harness.deliveryData()

        // Two days later, the 5-day window covers days whose conversions have settled further.
        harness.simulator.advanceToday(by: 2)
        let second = try await harness.run(["delivery"])
        #expect(second.status == 0, "\(second.stderr)")
        let window = harness.defaultWindow()
        try harness.expectDeliveryMatchesOracle(window: window)
        // Days before the new window are exactly as the first run left them.
        let untouched = DayRange(first: firstWindow.first, last: window.first.adding(days: -1))!
        let beforeOld = before.filter { untouched.contains(Day($0[0] ?? "")!) }
        #expect(try harness.deliveryData(window: untouched) == beforeOld)
        // Something in the re-imported days changed (late conversions), or the test proves nothing.
        let overlap = DayRange(first: window.first, last: firstWindow.last)!
        let beforeOverlap = before.filter { overlap.contains(Day($0[0] ?? "")!) }
        #expect(try harness.deliveryData(window: overlap) != beforeOverlap)

        // The same run again: the table is the same, value for value.
        let settled = try harness.deliveryData()
        let third = try await harness.run(["delivery"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try harness.deliveryData() == settled)
    }

    @Test("a backfill window is split into report-sized chunks and committed", arguments: [SinkKind.sqlite])
    func backfill(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind, options: ETLHarness.smallWorld(accounts: 1, ads: 5))
        let last = harness.simulator.today.adding(days: -1)
        let window = DayRange(first: last.adding(days: -199), last: last)!
        let result = try await harness.run(["delivery", "--from", window.first.description, "--to", window.last.description])
        #expect(result.status == 0, "\(result.stderr)")
        try harness.expectDeliveryMatchesOracle(window: window)
        let reports = harness.simulator.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/reports") }
        #expect(reports.count == 2, "200 days need two reports of at most 186 days")
        let run = try harness.select("SELECT status, window_start, window_end, rows_written FROM etl_runs WHERE job = 'delivery'")
        #expect(run.count == 1)
        #expect(run.first?[0] == "succeeded" && run.first?[1] == window.first.description && run.first?[2] == window.last.description)
    }

    @Test("a run whose accounts are all held by another run exits 75 and changes nothing", arguments: SinkKind.available)
    func lockHeld(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        #expect(try await harness.run(["migrate"]).status == 0)
        let holder = try harness.openSink()
        // SQLite: the job's lock. PostgreSQL: a claim on every account (the job itself is shared).
        let lock = try holder.tryLock(job: .delivery)
        for account in harness.accounts { #expect(try holder.tryClaim(job: .delivery, account: account)) }
        let result = try await harness.run(["delivery"], environment: ["PINTEREST_LOCK_WAIT_MINUTES": "0"])
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains(kind == .sqlite ? "holds the lock" : "claimed"), "\(result.stderr)")
        #expect(try harness.count("pinterest_data_delivery") == 0)
        #expect(try harness.count("etl_runs") == 0)
        #expect(harness.simulator.requests.filter { $0.path.contains("/reports") }.isEmpty)
        lock.release()
        holder.close()
        // The meta job has its own lock and is not blocked by a delivery run.
        #expect(try await harness.run(["meta"]).status == 0)
    }

    @Test("a revoked refresh token exits 77 and says to authorize again")
    func revokedToken() async throws {
        let harness = try await ETLHarness(.sqlite)
        harness.simulator.revokeRefreshTokens()
        let result = try await harness.run(["delivery"])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("auth"))
        harness.expectNoSecrets(in: [result.stdout, result.stderr])
    }

    @Test("an unreachable API exits 69 after retries")
    func unreachable() async throws {
        let harness = try await ETLHarness(.sqlite)
        harness.simulator.stop()
        let config = harness.directory + "/config.json"
        try Data(#"{"retry": {"max_attempts": 3, "max_wait_seconds": 5}}"#.utf8).write(to: URL(fileURLWithPath: config))
        let result = try await harness.run(["delivery", "--config", config])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("unreachable"))
    }

    @Test("one account failing and one healthy: the healthy one is committed and the exit code is 1", arguments: SinkKind.available)
    func oneAccountFails(kind: SinkKind) async throws {
        let harness = try await ETLHarness(kind)
        let broken = harness.accounts[0]
        try harness.simulator.inject("500x50@/ad_accounts/\(broken)/reports")
        let config = harness.directory + "/config.json"
        try Data(#"{"retry": {"max_attempts": 2, "max_wait_seconds": 5}}"#.utf8).write(to: URL(fileURLWithPath: config))
        let result = try await harness.run(["delivery", "--config", config])
        #expect(result.status == 1, "\(result.stderr)")
        let healthy = harness.accounts[1]
        let window = harness.defaultWindow()
        let expected = harness.simulator.oracle.deliveryRows(account: healthy, in: window).count
        #expect(try harness.deliveryData(account: healthy).count == expected)
        #expect(try harness.deliveryData(account: broken).isEmpty)
        let runs = try harness.select("SELECT ad_account_id, status, error FROM etl_runs ORDER BY ad_account_id")
        #expect(runs.first { $0[0] == broken }?[1] == "failed")
        #expect(runs.first { $0[0] == broken }?[2]?.contains(broken) == true)
        #expect(runs.first { $0[0] == healthy }?[1] == "succeeded")
    }

    @Test("status reports fresh data as healthy and stale data as a failure")
    func status() async throws {
        let harness = try await ETLHarness(.sqlite)
        #expect(try await harness.run(["delivery"]).status == 0)
        let fresh = try await harness.run(["status"])
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        for account in harness.accounts { #expect(fresh.stdout.contains(account)) }
        let later = harness.simulator.today.adding(days: 5).description
        let stale = try await harness.run(["status"], environment: ["PINTEREST_ETL_TODAY": later])
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("older than"))
    }

    @Test("accounts and auth check work against the simulator; the token store is mode 0600")
    func accountsAndAuth() async throws {
        let harness = try await ETLHarness(.sqlite)
        let check = try await harness.run(["auth", "check"])
        #expect(check.status == 0, "\(check.stderr)")
        let store = harness.directory + "/state/tokens.json"
        let mode = (try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        // The bootstrap token was rotated away; the store's token keeps working without it.
        let accounts = try await harness.run(["accounts"], environment: ["PINTEREST_REFRESH_TOKEN": ""])
        #expect(accounts.status == 0, "\(accounts.stderr)")
        for account in harness.simulator.oracle.accounts {
            #expect(accounts.stdout.contains(account.id))
        }
        let url = try await harness.run(["auth", "url"])
        #expect(url.status == 0)
        #expect(url.stdout.contains("client_id=sim-client-id"))
        harness.expectNoSecrets(in: [check.stdout, check.stderr, accounts.stdout, accounts.stderr, url.stdout, url.stderr])
    }

    @Test("auth exchange bootstraps a machine with no refresh token; a used code is refused with 77")
    func authExchange() async throws {
        let harness = try await ETLHarness(.sqlite)
        let none = ["PINTEREST_REFRESH_TOKEN": ""]
        let before = try await harness.run(["accounts"], environment: none)
        #expect(before.status == 77, "no refresh token anywhere: \(before.stderr)")
        let code = harness.options.authorizationCode
        let exchange = try await harness.run(["auth", "exchange", code, "--redirect-uri", harness.options.redirectURI],
                                             environment: none)
        #expect(exchange.status == 0, "\(exchange.stderr)")
        let after = try await harness.run(["accounts"], environment: none)
        #expect(after.status == 0, "\(after.stderr)")
        let again = try await harness.run(["auth", "exchange", code, "--redirect-uri", harness.options.redirectURI],
                                          environment: none)
        #expect(again.status == 77)
        #expect(again.stderr.contains("pinterest-etl auth"))
        harness.expectNoSecrets(in: [before.stderr, exchange.stdout, exchange.stderr, after.stderr, again.stderr])
    }
}
