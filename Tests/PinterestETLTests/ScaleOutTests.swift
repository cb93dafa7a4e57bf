import Foundation
import PinterestModel
import PinterestSimulator
import ProcessSupport
import TestSupport
import Testing
@testable import Warehouse

/// Several workers on one PostgreSQL warehouse: per-account claims, a dead worker's accounts,
/// and one token chain in `etl_oauth_tokens`.
@Suite("Scale-out", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
struct ScaleOutTests {
    static let warehouseTokens = ["PINTEREST_TOKEN_STORE": "warehouse"]

    /// `delivery` succeeded rows per account.
    static func succeededRuns(_ harness: ETLHarness) throws -> [String: Int] {
        let rows = try harness.select("""
            SELECT ad_account_id, COUNT(*) FROM etl_runs WHERE job = 'delivery' AND status = 'succeeded' GROUP BY ad_account_id
            """)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] ?? "", Int($0[1] ?? "") ?? -1) })
    }

    @Test("three workers started together: all exit 0, each account loaded exactly once, one token chain, no refresh token spent twice")
    func threeWorkers() async throws {
        var options = ETLHarness.smallWorld(accounts: 6, ads: 20)
        options.reportPollsBeforeReady = 2
        // Access tokens die every dozen requests, so the workers refresh mid-run, across processes.
        options.accessTokenLifetimeRequests = 12
        let harness = try await ETLHarness(.postgres, options: options)
        let config = try harness.writeConfig(#"{"max_parallel_accounts": 1}"#)
        #expect(try await harness.run(["migrate"]).status == 0)
        // A start line: the test holds the (empty) token row, so all three workers start, open
        // the warehouse and wait for the first refresh before any of them can load anything.
        let gate = try harness.openSink()
        defer { gate.close() }
        try gate.execute("INSERT INTO etl_oauth_tokens (client_id) VALUES ($1)", [.text(options.clientId)])
        try gate.beginWriteTransaction()
        _ = try gate.select("SELECT 1 FROM etl_oauth_tokens FOR UPDATE")
        let workers = try (0..<3).map { _ in try harness.spawn(["delivery", "--config", config], environment: Self.warehouseTokens) }
        // Each waiting worker holds two connections: the run's own and its token lock attempt.
        let waiting = try await harness.waitFor(timeout: .seconds(120)) {
            let others = try harness.select("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            return Int(others.first?.first.flatMap { $0 } ?? "") ?? 0 >= 1 + 3 * 2
        }
        #expect(waiting, "the three workers never reached the token lock")
        gate.rollback()
        var results: [Subprocess.Result] = []
        for worker in workers { results.append(await Subprocess.wait(worker, timeout: .seconds(300))) }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }

        #expect(try Self.succeededRuns(harness) == Dictionary(uniqueKeysWithValues: harness.accounts.map { ($0, 1) }))
        let working = try harness.select("SELECT COUNT(DISTINCT run_id) FROM etl_runs WHERE status = 'succeeded'")
        #expect((Int(working.first?.first.flatMap { $0 } ?? "") ?? 0) >= 2, "the work was shared")
        #expect(try harness.select("SELECT COUNT(*) FROM etl_runs WHERE host IS NULL OR status <> 'succeeded'") == [["0"]])
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())

        let grants = harness.simulator.refreshGrants
        #expect(grants.repeated == 0, "a rotated refresh token was presented again")
        #expect(grants.presented >= 2, "the test should make the workers refresh")
        let stored = try harness.select("SELECT refresh_token FROM etl_oauth_tokens")
        #expect(stored == [[harness.simulator.currentRefreshToken]])
        #expect(!FileManager.default.fileExists(atPath: harness.directory + "/state/tokens.json"), "no token file with the warehouse store")
        harness.expectClean(results.flatMap { [$0.stdout, $0.stderr] })
    }

    @Test("a worker killed mid-run (SIGKILL): the next run closes its record as interrupted and loads its accounts")
    func killedWorker() async throws {
        var options = ETLHarness.smallWorld(accounts: 3, ads: 20)
        options.reportPollsBeforeReady = 1
        let harness = try await ETLHarness(.postgres, options: options)
        let config = try harness.writeConfig(#"{"max_parallel_accounts": 1}"#)
        #expect(try await harness.run(["migrate"]).status == 0)
        // The first report request hangs: the worker is claimed and recorded, mid-account.
        try harness.simulator.inject("slow:90s@/reports")
        let worker = try harness.spawn(["delivery", "--config", config], environment: Self.warehouseTokens)
        let started = try await harness.waitFor {
            try harness.select("SELECT COUNT(*) FROM etl_runs WHERE status = 'running'") == [["1"]]
        }
        #expect(started)
        worker.send(SIGKILL)
        _ = await Subprocess.wait(worker, timeout: .seconds(60))

        let next = try await harness.runChecked(["delivery", "--config", config], environment: Self.warehouseTokens)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("interrupted"), "\(next.stderr)")
        #expect(try Self.succeededRuns(harness) == Dictionary(uniqueKeysWithValues: harness.accounts.map { ($0, 1) }))
        let closed = try harness.select("SELECT COUNT(*) FROM etl_runs WHERE status = 'failed' AND error LIKE 'interrupted%'")
        #expect(closed == [["1"]])
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
    }

    @Test("an account another run holds is waited for, then loaded by this run when that run left it undone")
    func waitsForAHeldAccount() async throws {
        let harness = try await ETLHarness(.postgres, options: ETLHarness.smallWorld(accounts: 2, ads: 10))
        #expect(try await harness.run(["migrate"]).status == 0)
        let holder = try harness.openSink()
        defer { holder.close() }
        let held = harness.accounts[0]
        #expect(try holder.tryClaim(job: .delivery, account: held))
        let run = try harness.spawn(["delivery"], environment: ["PINTEREST_LOCK_WAIT_MINUTES": "5"])
        // Released once the run has loaded the free account and is waiting for the held one.
        let waiting = try await harness.waitFor { try Self.succeededRuns(harness).count == 1 }
        #expect(waiting)
        try await Task.sleep(for: .seconds(1))
        #expect(try Self.succeededRuns(harness)[held] == nil, "not loaded while claimed")
        holder.releaseClaim(job: .delivery, account: held)
        let result = await Subprocess.wait(run, timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("being loaded by other runs"), "\(result.stderr)")
        #expect(try Self.succeededRuns(harness) == Dictionary(uniqueKeysWithValues: harness.accounts.map { ($0, 1) }))
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
    }

    @Test("a second run after a finished one, for the same window, loads everything again (only concurrent rounds are shared)")
    func laterRunLoadsAgain() async throws {
        let harness = try await ETLHarness(.postgres, options: ETLHarness.smallWorld(accounts: 2, ads: 10))
        #expect(try await harness.runChecked(["delivery"]).status == 0)
        let second = try await harness.runChecked(["delivery"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("already loaded"), "\(second.stderr)")
        #expect(Set(try Self.succeededRuns(harness).values) == [2])
    }

    @Test("auth check and the jobs share the warehouse token store; the file store is never created")
    func authWithTheWarehouseStore() async throws {
        let harness = try await ETLHarness(.postgres, options: ETLHarness.smallWorld(accounts: 1, ads: 5))
        let check = try await harness.runChecked(["auth", "check"], environment: Self.warehouseTokens)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try harness.select("SELECT refresh_token, updated_by IS NOT NULL FROM etl_oauth_tokens")
                == [[harness.simulator.currentRefreshToken, "t"]])
        // The bootstrap token is spent: only the stored, rotated one can work now.
        let meta = try await harness.runChecked(["meta"], environment: Self.warehouseTokens.merging(["PINTEREST_REFRESH_TOKEN": ""]) { $1 })
        #expect(meta.status == 0, "\(meta.stderr)")
        #expect(harness.simulator.refreshGrants.repeated == 0)
        #expect(!FileManager.default.fileExists(atPath: harness.directory + "/state/tokens.json"))
    }
}

@Suite("Scale-out configuration")
struct ScaleOutConfigurationTests {
    @Test("token_store warehouse with a SQLite sink is a configuration error (78) naming the key")
    func warehouseStoreNeedsPostgres() async throws {
        let harness = try await ETLHarness(.sqlite)
        let result = try await harness.run(["delivery"], environment: ["PINTEREST_TOKEN_STORE": "warehouse"])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("token_store"))
        #expect(harness.simulator.requests.isEmpty)
    }
}

@Suite("Blocking work", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
struct BlockingWorkTests {
    @Test("loads blocked inside libpq never stall another account's requests, polls and timeouts")
    func blockedLoadsDoNotStarveOthers() async throws {
        // More blocked loads than the cooperative pool has threads (one per core).
        let blocked = ProcessInfo.processInfo.activeProcessorCount + 1
        let harness = try await ETLHarness(.postgres, options: ETLHarness.smallWorld(accounts: blocked + 1, ads: 10))
        // A first run, so every account has rows a transaction of the test can lock.
        #expect(try await harness.runChecked(["delivery"]).status == 0)
        let free = try #require(harness.accounts.last)
        let locker = try harness.openSink()
        defer { locker.close() }
        try locker.beginWriteTransaction()
        _ = try locker.select("SELECT 1 FROM pinterest_data_delivery WHERE ad_account_id <> $1 FOR UPDATE", [.text(free)])
        // The free account's report request is answered late: it is still asking Pinterest
        // while the others sit in their loads' DELETE, waiting for the test's row locks.
        try harness.simulator.inject("slow:20s@/ad_accounts/\(free)/reports")
        let config = try harness.writeConfig(#"{"max_parallel_accounts": \#(blocked + 1)}"#)
        let run = try harness.spawn(["delivery", "--config", config])
        let waitingBackends = "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        let allBlocked = try await harness.waitFor(timeout: .seconds(90)) { try harness.select(waitingBackends) == [["\(blocked)"]] }
        let freeSucceeded = "SELECT COUNT(*) FROM etl_runs WHERE ad_account_id = $1 AND status = 'succeeded'"
        // Only now may the free account load: else the test would prove nothing.
        let freeStillWaiting = try harness.select(freeSucceeded, [.text(free)]) == [["1"]]
        let freeLoaded = try await harness.waitFor(timeout: .seconds(90)) {
            try harness.select(freeSucceeded, [.text(free)]) == [["2"]]
        }
        let stillBlocked = try harness.select(waitingBackends)
        locker.rollback()
        let result = await Subprocess.wait(run, timeout: .seconds(120))
        #expect(allBlocked, "the other loads never blocked on the test's locks")
        #expect(freeStillWaiting, "the free account finished before the others blocked: the slow answer was too short")
        #expect(freeLoaded, "the free account stalled behind loads blocked in libpq")
        #expect(stillBlocked == [["\(blocked)"]], "the free account finished while the others were blocked")
        #expect(result.status == 0, "\(result.stderr)")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
    }
}
