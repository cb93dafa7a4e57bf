import Foundation

/// A PostgreSQL cluster of its own for tests and the bench: `initdb` in a 0700 temp folder,
/// `pg_ctl start`, and removal when this process ends (a watchdog shell outlives it by at most a
/// second or two). PostgreSQL refuses to run as root, so as root the server runs as the
/// `postgres` user through `runuser`.
///
/// Blocking (initdb takes seconds): start it off the concurrency pool where that matters.
public final class ThrowawayPostgres: Sendable {
    public enum Listening: Sendable {
        /// 127.0.0.1 on a free port (trust auth: only for a machine's own tests).
        case loopback
        /// A Unix socket inside the 0700 folder alone, so no other local user can connect.
        case privateSocket
    }

    public enum Durability: Sendable {
        /// fsync and full-page writes off: a test server that is thrown away anyway.
        case none
        /// PostgreSQL's defaults, as a real warehouse has them (the bench measures this).
        case defaults
    }

    public let folder: String
    public let port: Int
    public let binDir: String
    private let listening: Listening
    private let durability: Durability
    private let asRoot = geteuid() == 0

    public init(listening: Listening, durability: Durability) throws {
        binDir = try Self.findBinDir()
        self.listening = listening
        self.durability = durability
        var template = Array("/tmp/pinterest-etl-pg.XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw SubprocessError(message: "mkdtemp failed") }
        folder = String(cString: created)
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw SubprocessError(message: "running as root but there is no postgres user to run the server")
            }
            chown(folder, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        chmod(folder, 0o700)
        port = listening == .loopback ? try Self.freePort() : 5432
        Self.removeWhenProcessEnds(folder: folder)
        try runAsServerUser(binDir + "/initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                                 "--locale=C", "--no-sync"])
        try pgctl(["-l", folder + "/server.log", "-w", "-t", "60", "start"])
    }

    /// A libpq URI for database `name` as the superuser `postgres`.
    public func url(database name: String = "postgres") -> String {
        switch listening {
        case .loopback: "postgresql://postgres@127.0.0.1:\(port)/\(name)"
        case .privateSocket: "postgresql://postgres@/\(name)?host=\(folder)&port=\(port)"
        }
    }

    /// A new, empty database; returns its URI.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let host = listening == .loopback ? "127.0.0.1" : folder
        try Self.run([binDir + "/createdb", "-h", host, "-p", String(port), "-U", "postgres", name])
        return url(database: name)
    }

    /// Runs psql on the `postgres` database; returns its output, throws with it on failure.
    @discardableResult
    public func psql(_ arguments: [String]) throws -> String {
        let host = listening == .loopback ? "127.0.0.1" : folder
        return try Self.run([binDir + "/psql", "-X", "-h", host, "-p", String(port), "-U", "postgres", "-d", "postgres",
                             "-v", "ON_ERROR_STOP=1", "-q"] + arguments)
    }

    /// The server's version, e.g. "15.18".
    public var version: String {
        ((try? psql(["-At", "-c", "SHOW server_version"])) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Restarts the server (`-m fast`: sessions are ended, as in a real restart).
    public func restart() throws {
        try pgctl(["-l", folder + "/server.log", "-m", "fast", "-w", "-t", "60", "restart"])
    }

    /// Stops the server at once (immediate shutdown); the folder goes when the process ends.
    public func stop() throws {
        try pgctl(["-m", "immediate", "-w", "stop"])
    }

    private var serverOptions: String {
        var options = "-p \(port) -k \(folder)"
        switch listening {
        case .loopback: options += " -c listen_addresses=127.0.0.1 -c max_connections=200"
        case .privateSocket: options += " -c listen_addresses="
        }
        if durability == .none { options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
        return options
    }

    private func pgctl(_ arguments: [String]) throws {
        try runAsServerUser(binDir + "/pg_ctl", ["-D", folder + "/data", "-o", serverOptions] + arguments)
    }

    private func runAsServerUser(_ executable: String, _ arguments: [String]) throws {
        let command = (asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] : [executable]) + arguments
        try Self.run(command)
    }

    @discardableResult
    private static func run(_ command: [String]) throws -> String {
        // From /tmp: the postgres user may not be able to read the current directory.
        let result = try Subprocess.runBlocking(command, directory: "/tmp", timeout: .seconds(120))
        guard result.status == 0 else {
            let name = command.first { !$0.hasPrefix("/usr/sbin/runuser") && $0.hasPrefix("/") } ?? command[0]
            throw SubprocessError(message: "\((name as NSString).lastPathComponent) failed (\(result.status)): \(result.stdout)\(result.stderr)")
        }
        return result.stdout + result.stderr
    }

    /// A watchdog shell that stops the server (immediate shutdown) and deletes the folder once
    /// this process has ended, even if it crashed.
    private static func removeWhenProcessEnds(folder: String) {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 0.5; done
            pid=$(head -n 1 '\(folder)/data/postmaster.pid' 2>/dev/null)
            [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null
            for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            rm -rf '\(folder)'
            """
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", script]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try? watchdog.run()
    }

    /// `PG_BINDIR`, else `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin.
    public static func findBinDir() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["PG_BINDIR"] { candidates.append(explicit) }
        if let output = try? run(["/usr/bin/env", "pg_config", "--bindir"]) {
            candidates.append(output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }
        for directory in candidates where ["initdb", "pg_ctl", "psql", "createdb"].allSatisfy({
            FileManager.default.isExecutableFile(atPath: directory + "/" + $0)
        }) {
            return directory
        }
        throw SubprocessError(message: "no PostgreSQL server programs (initdb, pg_ctl) found: apt-get install postgresql, or set PG_BINDIR")
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw SubprocessError(message: "cannot find a free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
