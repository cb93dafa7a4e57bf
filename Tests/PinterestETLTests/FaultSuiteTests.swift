import Foundation
import PinterestModel
@testable import PinterestETL
import PinterestSimulator
import ProcessSupport
import Synchronization
import TestSupport
import Testing
import Warehouse

// The fault suite: the built binary against the simulator's fault injection and against the
// real sinks. Every case ends with the warehouse compared to the oracle, or to the snapshot taken
// before the run when the run must fail, and with every output searched for secrets.

extension ETLHarness {
    /// Starts the binary without waiting (for kills and races); `environment` entries set to "" are removed.
    func spawn(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Subprocess.Spawned {
        var environment = self.environment
        for (key, value) in extra { environment[key] = value.isEmpty ? nil : value }
        return try Subprocess.spawn([Self.binary] + arguments, environment: environment, directory: directory)
    }

    /// Writes a config file into the harness directory and returns its path.
    func writeConfig(_ json: String) throws -> String {
        let path = directory + "/config-\(UUID().uuidString.prefix(8)).json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A config with a small retry budget, so a failing case ends in seconds.
    func retryConfig(attempts: Int = 6, maxWait: Int = 30, requestTimeout: Int = 60) throws -> String {
        try writeConfig(#"{"retry": {"max_attempts": \#(attempts), "max_wait_seconds": \#(maxWait), "request_timeout_seconds": \#(requestTimeout)}}"#)
    }

    /// Runs the binary and searches its outputs and `etl_runs.error` for secrets.
    func runChecked(_ arguments: [String], environment extra: [String: String] = [:], extraSecrets: [String] = [],
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> Subprocess.Result {
        let result = try await run(arguments, environment: extra)
        expectClean([result.stdout, result.stderr], extraSecrets: extraSecrets, sourceLocation: sourceLocation)
        return result
    }

    /// No secret in the outputs given, nor in any `etl_runs.error`.
    func expectClean(_ outputs: [String], extraSecrets: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        let errors = ((try? select("SELECT COALESCE(error, '') FROM etl_runs")) ?? []).compactMap { $0[0] }
        let all = outputs + errors
        expectNoSecrets(in: all, sourceLocation: sourceLocation)
        for secret in extraSecrets {
            for output in all {
                #expect(!output.contains(secret), "a password appeared in an output", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every delivery row (data columns), for "unchanged" comparisons.
    func snapshot() throws -> [[String?]] { try deliveryData() }

    /// Polls until `condition` holds (or the timeout passes); returns whether it held.
    func waitFor(timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Runs `action` on a thread of its own as soon as `condition` holds (polled every 2 ms) and
    /// returns whether it did. Watching from a plain thread keeps kill points independent of how
    /// busy the test's concurrency pool is; the caller reaps the child only afterwards, so a
    /// signal never reaches a recycled pid.
    func whenever(timeout: TimeInterval = 60, _ condition: @escaping @Sendable () -> Bool,
                  then action: @escaping @Sendable () -> Void) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(timeout)
                var met = false
                while Date() < deadline {
                    if condition() { met = true; break }
                    usleep(2_000)
                }
                if met { action() }
                continuation.resume(returning: met)
            }
        }
    }

    var downloadCount: Int { simulator.requests.filter { $0.path.hasPrefix("/downloads/") }.count }
    var reportCreations: Int { simulator.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/reports") }.count }
}

@Suite("Fault suite")
struct FaultSuiteTests {
    // MARK: Faults the run recovers from: exit 0 and the oracle's data.

    struct Recoverable: Sendable, CustomTestStringConvertible {
        let name: String
        let spec: String
        /// Text the run's log must contain, proving the fault was met and handled.
        let evidence: String
        var requestTimeout = 60
        var testDescription: String { name }
    }

    static let recoverable: [Recoverable] = [
        Recoverable(name: "429 storm with rate-limit headers (Retry after 1 s)", spec: "retry:1s,retry:1s,retry:1s,retry:1s,retry:1s",
                    evidence: "429"),
        Recoverable(name: "5xx burst", spec: "500x3,503x3", evidence: "HTTP 50"),
        Recoverable(name: "connection resets (API and download)", spec: "reset,reset,reset@/downloads/", evidence: "retrying"),
        Recoverable(name: "API response slower than the request timeout", spec: "slow:6s@/reports", evidence: "timed out",
                    requestTimeout: 2),
        Recoverable(name: "download slower than the request timeout", spec: "slow:6s@/downloads/", evidence: "timed out",
                    requestTimeout: 2),
        Recoverable(name: "truncated report download", spec: "truncate", evidence: "retrying"),
        Recoverable(name: "malformed report download", spec: "malformed", evidence: "requesting it again"),
        Recoverable(name: "report ends FAILED once", spec: "fail", evidence: "report requested"),
        Recoverable(name: "report ends EXPIRED once", spec: "expire", evidence: "report requested"),
    ]

    @Test("a transient fault is retried and the warehouse equals the oracle", arguments: recoverable)
    func recovers(fault: Recoverable) async throws {
        let harness = try await ETLHarness(.sqlite)
        try harness.simulator.inject(fault.spec)
        let config = try harness.retryConfig(attempts: 8, maxWait: 60, requestTimeout: fault.requestTimeout)
        // Debug: the evidence of some faults is a report's progress, which info leaves out.
        let result = try await harness.runChecked(["delivery", "--config", config, "--log-level", "debug"])
        #expect(result.status == 0, "\(fault.name): \(result.stderr)")
        #expect(result.stderr.contains(fault.evidence), "\(fault.name): no sign of the fault in the log:\n\(result.stderr)")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
        let runs = try harness.select("SELECT status FROM etl_runs WHERE job = 'delivery'")
        #expect(runs.count == harness.accounts.count && runs.allSatisfy { $0[0] == "succeeded" })
        if fault.spec.hasPrefix("fail") || fault.spec.hasPrefix("expire") {
            #expect(harness.reportCreations == harness.accounts.count + 1, "the failed report is re-created once")
        }
    }

    // MARK: Faults the run must give up on: the documented code, and the warehouse as it was.

    struct Fatal: Sendable, CustomTestStringConvertible {
        let name: String
        let spec: String
        let exitCode: Int32
        let message: String
        var testDescription: String { name }
    }

    static let fatal: [Fatal] = [
        Fatal(name: "429 storm outlasting the retry budget", spec: "429x60", exitCode: 75, message: "rate-limiting"),
        Fatal(name: "5xx outage outlasting the retry budget", spec: "503x60", exitCode: 69, message: "unreachable"),
        Fatal(name: "every download truncated", spec: Array(repeating: "truncate", count: 12).joined(separator: ","),
              exitCode: 69, message: "unreachable"),
        Fatal(name: "every download malformed", spec: "malformed,malformed,malformed,malformed", exitCode: 1, message: "malformed"),
        Fatal(name: "reports end FAILED twice", spec: "fail,fail,fail,fail", exitCode: 1, message: "FAILED twice"),
        Fatal(name: "reports end EXPIRED twice", spec: "expire,expire,expire,expire", exitCode: 1, message: "EXPIRED twice"),
    ]

    @Test("a lasting fault fails with its exit code and leaves the warehouse as it was", arguments: fatal)
    func givesUp(fault: Fatal) async throws {
        let harness = try await ETLHarness(.sqlite)
        let first = try await harness.run(["delivery"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try harness.snapshot()
        harness.simulator.advanceToday(by: 1)
        try harness.simulator.inject(fault.spec)
        let config = try harness.retryConfig(attempts: 3, maxWait: 5)
        let result = try await harness.runChecked(["delivery", "--config", config])
        #expect(result.status == fault.exitCode, "\(fault.name): \(result.stderr)")
        #expect(result.stderr.contains(fault.message), "\(fault.name): \(result.stderr)")
        #expect(try harness.snapshot() == before, "\(fault.name): the warehouse changed")
        // Each failed account says why in etl_runs (when the run got as far as the accounts).
        let failed = try harness.select("SELECT ad_account_id, error FROM etl_runs WHERE status = 'failed'")
        for row in failed { #expect(row[1]?.contains(row[0] ?? "?") == true, "\(row)") }
    }

    @Test("a download that never ends is cut at report_download_timeout_seconds: that account fails, the other loads")
    func endlessDownload() async throws {
        let harness = try await ETLHarness(.sqlite)
        try harness.simulator.inject("endless")
        let config = try harness.writeConfig(#"{"report_download_timeout_seconds": 3, "retry": {"max_attempts": 3, "max_wait_seconds": 10}}"#)
        let started = ContinuousClock.now
        let result = try await harness.runChecked(["delivery", "--config", config])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(120), "a hang, not a slow machine")
        #expect(result.stderr.contains("did not finish within 3.0s"), "\(result.stderr)")
        let window = harness.defaultWindow()
        var complete = 0, empty = 0
        for account in harness.accounts {
            let rows = try harness.deliveryData(account: account, window: window).count
            if rows == harness.simulator.oracle.deliveryRows(account: account, in: window).count { complete += 1 }
            if rows == 0 { empty += 1 }
        }
        #expect(complete == 1 && empty == 1)
    }

    @Test("a report past report_download_max_bytes is cut off: that account fails naming the limit, the other loads, no file left")
    func downloadPastItsSizeLimit() async throws {
        let harness = try await ETLHarness(.sqlite)
        try harness.simulator.inject("endless")
        let downloads = harness.directory + "/tmp"
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        // The endless body passes 4 MiB in well under a second; the time limit is far away.
        let config = try harness.writeConfig(#"{"report_download_max_bytes": 4194304, "report_download_timeout_seconds": 3600}"#)
        let result = try await harness.runChecked(["delivery", "--config", config], environment: ["TMPDIR": downloads])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("report_download_max_bytes (4194304 bytes)"), "\(result.stderr)")
        let window = harness.defaultWindow()
        let loaded = try harness.accounts.map { try harness.deliveryData(account: $0, window: window).count }
        #expect(loaded.filter { $0 == 0 }.count == 1 && loaded.filter { $0 > 0 }.count == 1, "\(loaded)")
        let leftovers = ETLHarness.reportFiles(in: downloads)
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    // MARK: Links, tokens, credentials

    @Test("a download link that expires before use is renewed by polling again")
    func expiredDownloadLink() async throws {
        var options = ETLHarness.smallWorld(accounts: 1, ads: 20)
        options.downloadURLLifetime = 2
        let harness = try await ETLHarness(.sqlite, options: options)
        let account = harness.accounts[0]
        // create, first poll (IN_PROGRESS), then the FINISHED poll is answered 5 s late: its link
        // has expired by the time the client uses it.
        let path = "@/ad_accounts/\(account)/reports"
        try harness.simulator.inject("slow:1ms\(path),slow:1ms\(path),slow:5s\(path)")
        let result = try await harness.runChecked(["delivery"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(harness.downloadCount >= 2, "one refused (expired) download, then one with a fresh link")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
    }

    /// A backfill of two report chunks for one account: the second chunk's API calls come after
    /// the first chunk's download, where a fault placed with `@/downloads/` strikes. No race with
    /// the test: the simulator applies it when that request arrives.
    static func twoChunkWindow(_ harness: ETLHarness) -> DayRange {
        let last = harness.simulator.today.adding(days: -1)
        return DayRange(first: last.adding(days: -199), last: last)!
    }

    /// A two-chunk backfill of one small account with `faults` injected; returns what it did.
    static func twoChunkBackfill(faults: String) async throws -> (ETLHarness, DayRange, Subprocess.Result) {
        let harness = try await ETLHarness(.sqlite, options: ETLHarness.smallWorld(accounts: 1, ads: 5))
        let window = Self.twoChunkWindow(harness)
        try harness.simulator.inject(faults)
        let result = try await harness.runChecked(["delivery", "--from", window.first.description, "--to", window.last.description])
        return (harness, window, result)
    }

    @Test("the access token expiring mid-run is refreshed and the run completes")
    func accessTokenExpiresMidRun() async throws {
        let (harness, window, result) = try await Self.twoChunkBackfill(faults: "expire-token@/downloads/")
        #expect(result.status == 0, "\(result.stderr)")
        // The first refresh starts the run; the second is the one the expiry forced.
        #expect(harness.simulator.requests.filter { $0.path.hasSuffix("/oauth/token") }.count == 2, "\(result.stderr)")
        try harness.expectDeliveryMatchesOracle(window: window)
    }

    @Test("the refresh token revoked mid-run: exit 77, 'auth again'; the committed chunk stays, the other is untouched")
    func refreshTokenRevokedMidRun() async throws {
        let (harness, window, result) = try await Self.twoChunkBackfill(faults: "revoke@/downloads/,expire-token@/downloads/")
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("pinterest-etl auth"), "\(result.stderr)")
        // Chunks commit one by one (README): the first is complete, the second never started.
        let chunks = window.chunks(ofAtMost: ReportLimits.maxDays)
        #expect(chunks.count == 2)
        try harness.expectDeliveryMatchesOracle(window: chunks[0])
        #expect(try harness.deliveryData(window: chunks[1]).isEmpty)
        let run = try harness.select("SELECT status, error FROM etl_runs")
        #expect(run.count == 1 && run[0][0] == "failed" && run[0][1]?.contains("auth") == true, "\(run)")
    }

    @Test("a storm of expiring access tokens, 429s and 5xx, two accounts in parallel, many runs: each run loads the oracle",
          arguments: SinkKind.available)
    func tokenAndRetryStorm(kind: SinkKind) async throws {
        var options = ETLHarness.smallWorld(accounts: 2, ads: 8)
        options.accessTokenLifetimeRequests = 4   // every request counts, also one answered 429 or 5xx
        options.stormPercent429 = 25
        options.stormPercent5xx = 15
        options.rateLimitWindowSeconds = 1
        let harness = try await ETLHarness(kind, options: options)
        let config = try harness.writeConfig(#"{"max_parallel_accounts": 2, "retry": {"max_attempts": 12, "max_wait_seconds": 300}}"#)
        let runs = 6
        var stormed = 0
        for run in 1...runs {
            // With breakdowns: three reports per account in flight at once share each token.
            let result = try await harness.runChecked(["delivery", "--config", config], environment: ETLHarness.withBreakdowns)
            #expect(result.status == 0, "run \(run) of \(runs): \(result.stderr.suffix(4_000))")
            try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
            stormed += result.stderr.components(separatedBy: "retrying in").count - 1
        }
        let refreshes = harness.simulator.requests.filter { $0.path.hasSuffix("/oauth/token") }.count
        // The storm really blew: tokens were replaced far more often than once a run, and
        // requests were retried.
        #expect(refreshes > 2 * runs, "\(refreshes) token refreshes in \(runs) runs")
        #expect(stormed > runs, "\(stormed) retries in \(runs) runs")
    }

    @Test("a slow meta refresh (7 s a request) never blocks a delivery import on the same SQLite file")
    func slowMetaDoesNotBlockDelivery() async throws {
        // The token, then the lists at once, the ads' four pages one after another, at 7 s each:
        // about 35 s of listing. Were the listing inside the write transaction, the delivery
        // started 16 s in would wait out the 30 s busy timeout and exit 75.
        var slow = ETLHarness.smallWorld(accounts: 1, ads: 1_000)
        slow.responseDelay = 7
        slow.grantsPinScopes = false   // one 403 instead of pin pages and lookups at 7 s each
        let harness = try await ETLHarness(.sqlite, options: slow)
        var fastOptions = slow
        fastOptions.responseDelay = 0
        let fast = try await PinterestSimulator.start(fastOptions)
        defer { fast.stop() }
        let meta = try harness.spawn(["meta", "--accounts", harness.accounts[0]])
        try await Task.sleep(for: .seconds(16))
        let delivery = try await harness.runChecked(["delivery", "--accounts", harness.accounts[0]], environment: [
            "PINTEREST_API_BASE_URL": fast.baseURL.absoluteString,
            "PINTEREST_TOKEN_STORE": harness.directory + "/state/fast-tokens.json",
        ])
        #expect(delivery.status == 0, "\(delivery.stderr.suffix(3_000))")
        let metaResult = await Subprocess.wait(meta, timeout: .seconds(600))
        #expect(metaResult.status == 0, "\(metaResult.stderr.suffix(3_000))")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
        #expect(try harness.count("pinterest_meta_pinpromotion") == 1_000)
    }

    @Test("an unwritable token store stops the run before any refresh, with exit 78 naming the store")
    func unwritableTokenStore() async throws {
        let harness = try await ETLHarness(.sqlite)
        // Tests run as root, so permission bits cannot make a path unwritable; a regular file
        // where the store's directory should be does, for root too.
        let blocker = harness.directory + "/not-a-directory"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let store = blocker + "/tokens.json"
        let result = try await harness.runChecked(["delivery"], environment: ["PINTEREST_TOKEN_STORE": store])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains(store) && result.stderr.contains("Token store"), "\(result.stderr)")
        // The refresh token was not spent (rotated away) on a store that could not keep its successor.
        #expect(!harness.simulator.requests.contains { $0.path.hasSuffix("/oauth/token") })
        #expect(harness.simulator.currentRefreshToken == harness.options.initialRefreshToken)
        // It stopped before the warehouse: not even the schema was created.
        // (The secret check after the run opened the file; the run itself created nothing in it.)
        #expect(try harness.select("SELECT COUNT(*) FROM sqlite_master") == [["0"]])
    }

    @Test("no refresh token anywhere: exit 77 before the warehouse is touched")
    func missingRefreshTokenBeforeMigrations() async throws {
        let harness = try await ETLHarness(.sqlite)
        let result = try await harness.runChecked(["meta"], environment: ["PINTEREST_REFRESH_TOKEN": ""])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("No Pinterest refresh token"), "\(result.stderr)")
        #expect(harness.simulator.requests.isEmpty)
        // (The secret check after the run opened the file; the run itself created nothing in it.)
        #expect(try harness.select("SELECT COUNT(*) FROM sqlite_master") == [["0"]])
    }

    @Test("the token store is written atomically with mode 0600 in a 0700 directory, no temp files left")
    func tokenStoreMode() async throws {
        let harness = try await ETLHarness(.sqlite)
        let result = try await harness.runChecked(["delivery"])
        #expect(result.status == 0, "\(result.stderr)")
        let state = harness.directory + "/state"
        let store = state + "/tokens.json"
        let mode = (try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let directoryMode = (try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? NSNumber)?.intValue
        #expect(directoryMode == 0o700)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // The store holds the rotated refresh token, the one the simulator now accepts.
        let text = try String(contentsOfFile: store, encoding: .utf8)
        #expect(text.contains(harness.simulator.currentRefreshToken))
        // The report download carried no credentials of ours: only its own pre-signed query.
        let downloads = harness.simulator.requests.filter { $0.path.hasPrefix("/downloads/") }
        #expect(!downloads.isEmpty)
        for download in downloads {
            #expect(download.header("authorization") == nil)
            #expect(download.header("cookie") == nil)
        }
    }

    // MARK: The warehouse failing

    @Test("PostgreSQL unreachable: exit 69, the password never shown")
    func postgresUnreachable() async throws {
        let harness = try await ETLHarness(.sqlite)
        let password = "pw-\(UUID().uuidString)"
        // A loopback port nothing listens on.
        let sink = "postgresql://etl:\(password)@127.0.0.1:9/warehouse?connect_timeout=5"
        let result = try await harness.runChecked(["delivery"], environment: ["PINTEREST_ETL_SINK": sink], extraSecrets: [password])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("unavailable") || result.stderr.contains("unreachable"), "\(result.stderr)")
        let migrate = try await harness.runChecked(["migrate", "--sink", sink, "--log-format", "json"], extraSecrets: [password])
        #expect(migrate.status == 69, "\(migrate.stderr)")
    }

    @Test("PostgreSQL restarted mid-run (a private cluster): each window old or new, the next run completes it",
          .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
    func postgresRestartedMidRun() async throws {
        let server = try await offPool { try PostgresTestServer.makePrivate() }
        let password = "restart-secret-\(UUID().uuidString.prefix(8))"
        let database = try await offPool { try server.createDatabase() }
        let sink = database.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://postgres:\(password)@")
        var options = ETLHarness.smallWorld(accounts: 3, ads: 300)
        options.reportPollsBeforeReady = 0
        let harness = try await ETLHarness(.postgres, options: options, sink: sink)
        #expect(try await harness.runChecked(["delivery"], extraSecrets: [password]).status == 0)
        var codes: [Int32] = []
        for round in 0..<2 {
            harness.simulator.advanceToday(by: 1)
            let before = try harness.snapshot()
            harness.simulator.clearRequests()
            let child = try harness.spawn(["delivery"])
            let restarted = Mutex<Result<Void, any Error>?>(nil)
            _ = await harness.whenever({ harness.downloadCount >= 1 }) {
                if round > 0 { usleep(150_000) }
                restarted.withLock { $0 = Result { try server.restart() } }
            }
            try restarted.withLock { $0 }?.get()
            let result = await Subprocess.wait(child, timeout: .seconds(120))
            codes.append(result.status)
            // Which accounts the restart catches depends on the scheduler: all of them (69), some
            // (1: the others committed before it), or none (0). Each failure must be the lost
            // connection, and every window old or new (checked below).
            if result.status != 0 {
                let failures = result.stderr.split(separator: "\n").filter { $0.contains("account failed") }
                #expect(!failures.isEmpty && failures.allSatisfy { $0.contains("08006") || $0.contains("57P01") || $0.contains("unavailable") },
                        "\(result.stderr)")
            }
            #expect([0, 1, 69].contains(result.status), "round \(round): \(result.stderr)")
            harness.expectClean([result.stdout, result.stderr], extraSecrets: [password])
            try expectEachWindowOldOrNew(harness, before: before, note: "restart \(round):")
        }
        let final = try await harness.runChecked(["delivery"], extraSecrets: [password])
        #expect(final.status == 0, "\(final.stderr)")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
        try await offPool { try server.stop() }
        print("PostgreSQL restarted mid-run: exit codes \(codes)")
    }

    @Test("SQLite file write-locked by another connection: the run waits for it, then loads")
    func sqliteLockedByAnotherConnection() async throws {
        let harness = try await ETLHarness(.sqlite)
        #expect(try await harness.run(["migrate"]).status == 0)
        let other = try harness.openSink()
        try other.beginWriteTransaction()
        let child = try harness.spawn(["delivery"])
        try await Task.sleep(for: .seconds(3))
        // Still running: it waits on the file lock rather than failing or corrupting anything.
        #expect(waitpid(child.pid, nil, WNOHANG) == 0)
        try other.commit()
        other.close()
        let result = await Subprocess.wait(child, timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
    }

    // MARK: Kill safety

    /// Each account's rows in the current window are either exactly what they were (`before`)
    /// or exactly the oracle's; rows outside the window are untouched.
    /// Returns how many accounts were found new.
    @discardableResult
    func expectEachWindowOldOrNew(_ harness: ETLHarness, before: [[String?]], note: String = "",
                                  sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let window = harness.defaultWindow()
        var newAccounts = 0
        for account in harness.accounts {
            let now = try harness.deliveryData(account: account, window: window)
            let old = before.filter { $0[1] == account && window.contains(Day($0[0] ?? "")!) }
            let expected = harness.simulator.oracle.deliveryRows(account: account, in: window)
                .sorted { ($0.date, $0.pinPromotionId) < ($1.date, $1.pinPromotionId) }
            let isNew = now.count == expected.count && zip(now, expected).allSatisfy { ETLHarness.matches($0, $1) }
            if isNew { newAccounts += 1 }
            #expect(now == old || isNew, "\(note) account \(account): \(now.count) rows, neither the old \(old.count) nor the new \(expected.count)",
                    sourceLocation: sourceLocation)
        }
        let outside = before.filter { !window.contains(Day($0[0] ?? "")!) }
        let outsideNow = try harness.deliveryData().filter { !window.contains(Day($0[0] ?? "")!) }
        #expect(outside == outsideNow, "\(note) rows outside the window changed", sourceLocation: sourceLocation)
        return newAccounts
    }

    static func killDelays(_ kind: SinkKind) -> [Int] {
        kind == .sqlite ? [0, 10, 20, 35, 50, 75, 100, 140, 200, 300, 420, 550, 700, 900, 1200]
                        : [0, 100, 300, 700]
    }

    @Test("SIGKILL at many points of a run: each account's window entirely old or entirely new; the next run completes it",
          arguments: SinkKind.available)
    func sigkillAtManyPoints(kind: SinkKind) async throws {
        var options = ETLHarness.smallWorld(accounts: 3, ads: 500)
        options.reportPollsBeforeReady = 0   // ready at the first poll: no second of waiting per kill point
        let harness = try await ETLHarness(kind, options: options)
        #expect(try await harness.run(["delivery"]).status == 0)
        var outcomes: [Int32] = []
        var newCounts: [Int] = []
        for (index, delay) in Self.killDelays(kind).enumerated() {
            // A new day: late conversions change every day of the window, so "new" differs from "old".
            harness.simulator.advanceToday(by: 1)
            let before = try harness.snapshot()
            harness.simulator.clearRequests()
            let child = try harness.spawn(["delivery"])
            // Alternate the starting gun: the first download, or the last account's download.
            let downloads = index % 2 == 0 ? 1 : harness.accounts.count
            _ = await harness.whenever(timeout: 30, { harness.downloadCount >= downloads }) {
                if delay > 0 { usleep(useconds_t(delay * 1_000)) }
                child.send(SIGKILL)
            }
            child.send(SIGKILL)   // (when the condition never held)
            let result = await Subprocess.wait(child, timeout: .seconds(60))
            outcomes.append(result.status)
            let new = try expectEachWindowOldOrNew(harness, before: before, note: "kill point \(index) (+\(delay) ms):")
            newCounts.append(new)
        }
        // Most kills must land inside the run, or the test proves little.
        // (The share depends on how quickly this loaded machine notices the download.)
        #expect(outcomes.filter { $0 == 128 + SIGKILL }.count >= max(1, outcomes.count / 4), "\(outcomes)")
        // No lock survives a killed process, and the next run completes every window.
        let next = try await harness.runChecked(["delivery"])
        #expect(next.status == 0, "\(next.stderr)")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
        // ... removes the report files the killed runs were downloading (TMPDIR is the harness's)
        #expect(ETLHarness.reportFiles(in: harness.directory).isEmpty, "\(ETLHarness.reportFiles(in: harness.directory))")
        // ... and marks the killed runs' records as failed, so `status` never shows a ghost run.
        #expect(try harness.count("etl_runs WHERE status = 'running'") == 0)
        let ghosts = try harness.select("SELECT error FROM etl_runs WHERE status = 'failed'")
        #expect(!ghosts.isEmpty && ghosts.allSatisfy { $0[0]?.contains("interrupted") == true })
        let accounts = harness.accounts.count
        print("kill safety (\(kind)): \(outcomes.count) kill points, \(outcomes.filter { $0 == 128 + SIGKILL }.count) landed mid-run; accounts committed when killed: \(newCounts) of \(accounts)")
    }

    @Test("SIGTERM mid-load: exit 130, the open transaction rolled back, no lock left", arguments: SinkKind.available)
    func sigtermMidLoad(kind: SinkKind) async throws {
        // One account with a few thousand rows a window, so the load takes a moment.
        let harness = try await ETLHarness(kind, options: ETLHarness.smallWorld(accounts: 1, ads: 500))
        let days = "12"
        #expect(try await harness.run(["delivery", "--lookback-days", days]).status == 0)
        harness.simulator.advanceToday(by: 1)
        let before = try harness.snapshot()
        let child = try harness.spawn(["delivery", "--lookback-days", days, "--log-level", "debug"])
        // The load starts right after the download is logged.
        _ = await harness.whenever({ child.stderrSoFar.contains("report downloaded") }) { child.send(SIGTERM) }
        let result = await Subprocess.wait(child, timeout: .seconds(60))
        if result.status == 0 {
            // The machine finished before the signal arrived: then the window must be complete.
            try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow(lookback: 12))
            print("SIGTERM (\(kind)): the run finished before the signal")
        } else {
            #expect(result.status == 130, "\(result.stderr)")
            #expect(result.stderr.contains("stopping on signal"), "\(result.stderr)")
            #expect(try harness.snapshot() == before, "rolled back: the window as it was")
            print("SIGTERM (\(kind)): exit \(result.status), \(result.stderr.contains("replaced") ? "after" : "during") the load")
        }
        // Deterministic too: SIGTERM while a request hangs (the report creation answered 90 s late).
        let settled = try harness.snapshot()
        harness.simulator.clearRequests()
        try harness.simulator.inject("slow:90s@/reports")
        let hanging = try harness.spawn(["delivery", "--lookback-days", days])
        _ = await harness.waitFor { harness.simulator.requests.contains { $0.method == "POST" && $0.path.hasSuffix("/reports") } }
        let signalled = ContinuousClock.now
        hanging.send(SIGTERM)
        let stopped = await Subprocess.wait(hanging, timeout: .seconds(120))
        #expect(stopped.status == 130, "\(stopped.stderr)")
        // Far below the 90 s the request would take: only a run that ignored the signal gets here.
        #expect(ContinuousClock.now - signalled < .seconds(60), "the in-flight request was not cancelled")
        #expect(try harness.snapshot() == settled)

        // The lock is free: taken here at once, and the next run works.
        let sink = try harness.openSink()
        let lock = try sink.tryLock(job: .delivery)
        for account in harness.accounts { #expect(try sink.tryClaim(job: .delivery, account: account)) }
        lock.release()
        sink.close()
        let next = try await harness.runChecked(["delivery", "--lookback-days", days])
        #expect(next.status == 0, "\(next.stderr)")
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow(lookback: 12))
    }

    // MARK: Concurrency

    @Test("SQLite: two runs started together: exactly one works, the other exits 75 (PostgreSQL shares: ScaleOutTests)")
    func twoRunsTogether() async throws {
        let kind = SinkKind.sqlite
        var options = ETLHarness.smallWorld()
        options.reportPollsBeforeReady = 2   // the first run holds the lock for a few seconds
        let harness = try await ETLHarness(kind, options: options)
        #expect(try await harness.run(["migrate"]).status == 0)
        let a = try harness.spawn(["delivery"])
        let b = try harness.spawn(["delivery"])
        let first = await Subprocess.wait(a, timeout: .seconds(120))
        let second = await Subprocess.wait(b, timeout: .seconds(120))
        let codes = [first.status, second.status].sorted()
        #expect(codes == [0, 75], "\(first.stderr)\n---\n\(second.stderr)")
        let loser = first.status == 75 ? first : second
        #expect(loser.stderr.contains("lock"))
        try harness.expectDeliveryMatchesOracle(window: harness.defaultWindow())
        let runs = try harness.select("SELECT DISTINCT run_id FROM etl_runs")
        #expect(runs.count == 1, "only the winner recorded runs")
        harness.expectClean([first.stdout, first.stderr, second.stdout, second.stderr])
    }
}
