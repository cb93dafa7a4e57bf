import Foundation

/// The PostgreSQL the bench measures: the one `--postgres URL` names, or a throwaway cluster
/// started like the test suite's (`initdb` in a temp folder, reached by a Unix socket there, removed afterwards;
/// as root the server runs as the `postgres` user). The server keeps PostgreSQL's default
/// durability settings, as a real warehouse has them. On a named server the bench works in a
/// schema of its own, dropped afterwards, so the warehouse's tables are never touched.
final class BenchPostgres {
    /// A libpq URI for the bench's tables.
    let url: String
    let psql: String
    private let folder: String?
    private let binDir: String?
    private let schema: String?
    private let asRoot = geteuid() == 0

    private init(url: String, psql: String, folder: String?, binDir: String?, schema: String? = nil) {
        self.url = url
        self.psql = psql
        self.folder = folder
        self.binDir = binDir
        self.schema = schema
    }

    static func external(url: String) async throws -> BenchPostgres {
        let psql = try findProgram("psql", binDir: try? findBinDir())
        let schema = "pinterest_etl_bench_" + UUID().uuidString.prefix(8).lowercased()
        let plain = BenchPostgres(url: url, psql: psql, folder: nil, binDir: nil)
        try await plain.psql(["-c", "CREATE SCHEMA \(schema)"])
        // libpq applies `options` at connect: every unqualified table is then the bench's own.
        let scoped = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        return BenchPostgres(url: scoped, psql: psql, folder: nil, binDir: nil, schema: schema)
    }

    static func startThrowaway() async throws -> BenchPostgres {
        let binDir = try findBinDir()
        let folder = NSTemporaryDirectory() + "pinterest-etl-bench-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let asRoot = geteuid() == 0
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw BenchError("running as root but there is no postgres user to run the server")
            }
            chown(folder, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        chmod(folder, 0o700)
        let server = BenchPostgres(url: "", psql: try findProgram("psql", binDir: binDir), folder: folder, binDir: binDir)
        do {
            try await server.run(binDir + "/initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                                      "--locale=C", "--no-sync"], asPostgres: asRoot)
            stopWhenProcessEnds(folder: folder)
            // No TCP at all: the server (trust auth) answers only on a Unix socket inside the 0700
            // folder, so no other local user can reach it while the bench runs.
            let options = "-c listen_addresses= -p 5432 -k \(folder)"
            try await server.run(binDir + "/pg_ctl", ["-D", folder + "/data", "-o", options, "-l", folder + "/server.log",
                                                      "-w", "-t", "60", "start"], asPostgres: asRoot)
            let url = "postgresql://postgres@/postgres?host=\(folder)&port=5432"
            return BenchPostgres(url: url, psql: server.psql, folder: folder, binDir: binDir)
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops a throwaway server (immediate shutdown) and deletes its folder, or drops the bench's
    /// schema on a named server. Never throws: it runs on the way out.
    func stop() async {
        if let schema {
            _ = try? await psql(["-c", "DROP SCHEMA \(schema) CASCADE"])
        }
        guard let folder, let binDir else { return }
        var arguments = [binDir + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "-w", "stop"]
        if asRoot { arguments = ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments }
        _ = try? await ChildProcess(arguments: arguments).run()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs psql against the bench database; throws with its message when it fails.
    @discardableResult
    func psql(_ arguments: [String]) async throws -> ChildProcess.Outcome {
        // The password travels in the environment, not on the command line that `ps` shows.
        var components = URLComponents(string: url)
        var child = ChildProcess(arguments: [])
        if let password = components?.password {
            child.environment["PGPASSWORD"] = password
            components?.password = nil
        }
        let target = components?.string ?? url
        child.arguments = [psql, "-X", "-v", "ON_ERROR_STOP=1", "-q", "-d", target] + arguments
        let outcome = try await child.run()
        guard outcome.status == 0 else { throw BenchError("psql failed (\(outcome.status)): \(outcome.stderr)") }
        return outcome
    }

    private func run(_ executable: String, _ arguments: [String], asPostgres: Bool) async throws {
        let command = (asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] : [executable]) + arguments
        let outcome = try await ChildProcess(arguments: command).run()
        guard outcome.status == 0 else {
            throw BenchError("\((executable as NSString).lastPathComponent) failed (\(outcome.status)): \(outcome.stdout)\(outcome.stderr)")
        }
    }

    /// A watchdog shell stops the server and deletes the folder if the bench dies before `stop()`.
    private static func stopWhenProcessEnds(folder: String) {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            pid=$(head -n 1 '\(folder)/data/postmaster.pid' 2>/dev/null)
            [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null
            sleep 2; rm -rf '\(folder)'
            """
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", script]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try? watchdog.run()
    }

    private static func findBinDir() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["PG_BINDIR"] { candidates.append(explicit) }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        for directory in candidates where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl") {
            return directory
        }
        throw BenchError("no PostgreSQL server programs (initdb, pg_ctl) found: apt-get install postgresql, or set PG_BINDIR")
    }

    private static func findProgram(_ name: String, binDir: String?) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in [binDir].compactMap({ $0 }) + path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw BenchError("\(name) not found on PATH")
    }
}
