import Foundation
import ProcessSupport
import TestSupport
import Testing
@testable import Warehouse

/// The built binary's contract: exit codes, help, migrate, and the shipped config files.
@Suite("Command-line program")
struct CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Subprocess.Result {
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        return try await Subprocess.run([ETLHarness.binary] + arguments, environment: env, timeout: .seconds(60))
    }

    @Test("--version, --help and every command's --help exit 0")
    func help() async throws {
        let version = try await run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("pinterest-etl "))
        for command in [["--help"], ["migrate", "--help"], ["delivery", "--help"], ["meta", "--help"], ["accounts", "--help"],
                        ["auth", "--help"], ["auth", "url", "--help"], ["status", "--help"], ["demo", "--help"],
                        ["simulator", "--help"]] {
            let result = try await run(command)
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("Usage"), "\(command)")
        }
    }

    @Test("a bad command line exits 64 and says what is wrong")
    func badCommandLine() async throws {
        let result = try await run(["delivery", "--from", "2026-02-30", "--to", "2026-03-01"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("2026-02-30"))
        #expect(try await run(["nonsense"]).status == 64)
    }

    @Test("a bad config key exits 78 naming it, before any write")
    func badConfig() async throws {
        let directory = Scratch.path("cli")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/config.json"
        try Data(#"{"lookback_dayz": 5, "sink": "sqlite:\#(directory)/w.sqlite"}"#.utf8).write(to: URL(fileURLWithPath: config))
        let result = try await run(["delivery", "--config", config])
        #expect(result.status == 78)
        #expect(result.stderr.contains("lookback_dayz"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/w.sqlite"))
        let missingSecret = try await run(["delivery", "--sink", "sqlite:\(directory)/w.sqlite"], environment: ["PINTEREST_CLIENT_ID": "x"])
        #expect(missingSecret.status == 78)
        #expect(missingSecret.stderr.contains("client_secret"))
        let badSink = try await run(["migrate", "--sink", "oracle://x"])
        #expect(badSink.status == 78)
    }

    @Test("a first-time migrate waits for the migration lock before it creates anything (PostgreSQL)",
          .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
    func firstMigrateTakesTheLockFirst() async throws {
        let url = try PostgresTestServer.server().createDatabase()
        let holder = try Warehouse.open(SinkURL(url))
        defer { holder.close() }
        let lock: [SQLValue] = [.integer(Int64(LockKey.namespace)), .integer(Int64(LockKey.migrations))]
        try holder.beginWriteTransaction()
        _ = try holder.select("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", lock)
        let child = try Subprocess.spawn([ETLHarness.binary, "migrate", "--sink", url],
                                         environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        // Wait for the event (the child queued on the lock), not for a time.
        let observer = try Warehouse.open(SinkURL(url))
        defer { observer.close() }
        var queued = false
        for _ in 0..<2_400 where !queued {
            queued = try observer.select("""
                SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """).count == 1
            if !queued { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(queued, "the child never waited for the migration lock")
        #expect(try observer.select("SELECT to_regclass('schema_migrations')")[0][0] == nil,
                "schema_migrations was created before the lock was held")
        try holder.commit()
        let result = await Subprocess.wait(child, timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try !observer.appliedVersions().isEmpty)
    }

    @Test("status on a SQLite file that does not exist says so, exits 1, and creates nothing")
    func statusOfAMissingFile() async throws {
        let directory = Scratch.path("cli")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await run(["status", "--sink", "sqlite:\(directory)/never.sqlite"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("does not exist yet"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("migrate creates the schema and a second run changes nothing", arguments: SinkKind.available)
    func migrate(kind: SinkKind) async throws {
        let directory = Scratch.path("cli")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = kind == .sqlite ? "sqlite:\(directory)/w.sqlite" : try PostgresTestServer.server().createDatabase()
        let first = try await run(["migrate", "--sink", sink])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("applied"))
        let warehouse = try Warehouse.open(SinkURL(sink))
        defer { warehouse.close() }
        let tables = ["pinterest_data_delivery", "pinterest_meta_campaign", "pinterest_meta_adgroup", "pinterest_meta_pinpromotion",
                      "pinterest_meta_adaccount", "pinterest_delivery_report", "etl_runs", "schema_migrations"]
        for table in tables { #expect(throws: Never.self) { try warehouse.select("SELECT COUNT(*) FROM \(table)") } }
        let versions = try warehouse.appliedVersions()
        let second = try await run(["migrate", "--sink", sink])
        #expect(second.status == 0)
        #expect(second.stderr.contains("up to date"))
        #expect(try warehouse.appliedVersions() == versions)
    }

    @Test("an unreachable warehouse exits 69")
    func unreachableWarehouse() async throws {
        let result = try await run(["migrate", "--sink", "postgresql://nobody:hunter2secret@127.0.0.1:1/none?connect_timeout=2"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2secret"))
    }

    /// A unit file's settings: key → values in order (a key may repeat, e.g. LoadCredential=).
    static func unitSettings(_ text: String) -> [String: [String]] {
        var settings: [String: [String]] = [:]
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") { section = trimmed; continue }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            settings[section + String(trimmed[..<equals]), default: []].append(String(trimmed[trimmed.index(after: equals)...]))
        }
        return settings
    }

    @Test("the two services run as one shared user on one state directory, and differ only in their job")
    func servicesShareUserAndState() throws {
        let units = Self.repository.appendingPathComponent("config/systemd")
        let texts = try ["pinterest-etl-delivery.service", "pinterest-etl-meta.service"].map {
            try String(contentsOf: units.appendingPathComponent($0), encoding: .utf8)
        }
        for text in texts { #expect(text.hasSuffix("\n"), "a unit file must end with a newline") }
        let delivery = Self.unitSettings(texts[0]), meta = Self.unitSettings(texts[1])
        for key in ["[Service]DynamicUser", "[Service]User", "[Service]Group", "[Service]StateDirectory"] {
            #expect(delivery[key] != nil, "delivery service lacks \(key)")
        }
        // With DynamicUser=yes and no common User=, each unit gets its own UID and systemd re-owns
        // the shared StateDirectory to whichever starts: both must name the same user and group.
        #expect(delivery["[Service]User"] == meta["[Service]User"] && delivery["[Service]Group"] == meta["[Service]Group"])
        let different = Set(delivery.keys).union(meta.keys).filter { delivery[$0] != meta[$0] }
        #expect(different == ["[Unit]Description", "[Service]ExecStart"], "the services differ in \(different.sorted())")
        #expect(delivery["[Service]ExecStart"]?.first?.contains(" delivery ") == true)
        #expect(meta["[Service]ExecStart"]?.first?.contains(" meta ") == true)
    }

    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: FileManager.default.isExecutableFile)

    @Test("systemd accepts the shipped units; the timers run at 05:00 and 07:00",
          .enabled(if: systemdAnalyze != nil || PostgresTestServer.isRequired, "systemd-analyze is not installed (apt-get install systemd)"))
    func systemdUnits() async throws {
        let units = Self.repository.appendingPathComponent("config/systemd")
        let names = try FileManager.default.contentsOfDirectory(atPath: units.path).sorted()
        #expect(names == ["pinterest-etl-delivery.service", "pinterest-etl-delivery.timer",
                          "pinterest-etl-meta.service", "pinterest-etl-meta.timer"])
        let delivery = try String(contentsOf: units.appendingPathComponent("pinterest-etl-delivery.timer"), encoding: .utf8)
        #expect(delivery.contains("OnCalendar=*-*-* 05:00:00") && delivery.contains("Persistent=true"))
        let meta = try String(contentsOf: units.appendingPathComponent("pinterest-etl-meta.timer"), encoding: .utf8)
        #expect(meta.contains("OnCalendar=*-*-* 07:00:00"))
        let analyze = try #require(Self.systemdAnalyze, "CI must have systemd-analyze")
        // Verify copies whose ExecStart points at the binary just built (the units name /usr/local/bin).
        let directory = Scratch.path("units")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in names {
            let text = try String(contentsOf: units.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/pinterest-etl", with: ETLHarness.binary)
            for required in name.hasSuffix(".service")
                ? ["Type=oneshot", "StateDirectory=", "LoadCredential=", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes"]
                : ["RandomizedDelaySec=", "Persistent=true"] {
                #expect(text.contains(required), "\(name) lacks \(required)")
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        let result = try await Subprocess.run([analyze, "verify"] + names.map { directory + "/" + $0 }, timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stderr.contains("pinterest-etl"), "warnings about our units: \(result.stderr)")
    }
}
