import Foundation

/// A throwaway PostgreSQL cluster for the tests: `initdb` in a temp folder, a loopback port, and
/// removal when the test process ends. PostgreSQL refuses to run as root, so as root the server
/// runs as the `postgres` user through `runuser`.
///
/// With `CI=true` the server must start (a PostgreSQL test never skips there); elsewhere the
/// PostgreSQL cases are skipped when no server can be started, and say so.
public final class PostgresTestServer: Sendable {
    public let port: Int
    public let folder: String

    public static let shared: Result<PostgresTestServer, TestServerError> = Result { try PostgresTestServer() }
        .mapError { $0 as? TestServerError ?? TestServerError(message: "\($0)") }

    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether PostgreSQL cases run: always in CI (where a failed start fails them).
    public static var shouldRun: Bool {
        switch shared {
        case .success: return true
        case .failure(let error):
            if !isRequired { FileHandle.standardError.write(Data("PostgreSQL tests skipped: \(error.message)\n".utf8)) }
            return isRequired
        }
    }

    public static func server() throws -> PostgresTestServer { try shared.get() }

    /// A libpq URI for a new, empty database on the test server.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try Self.run(bin("psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres",
                                   "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"])
        return "postgresql://postgres@127.0.0.1:\(port)/\(name)"
    }

    /// A cluster of its own, for a test that restarts or stops it (never the shared one).
    /// Blocking (initdb takes seconds): call it off the concurrency pool.
    public static func makePrivate() throws -> PostgresTestServer { try PostgresTestServer() }

    /// Restarts the server (`pg_ctl restart -m fast`: sessions are ended, as in a real restart).
    /// Blocking: call it off the concurrency pool.
    public func restart() throws {
        try Self.run(bin("pg_ctl"), ["-D", folder + "/data", "-o", options, "-l", folder + "/server.log",
                                     "-m", "fast", "-w", "-t", "60", "restart"], asPostgres: geteuid() == 0)
    }

    /// Stops the server at once; the folder goes when the test process ends.
    public func stop() throws {
        try Self.run(bin("pg_ctl"), ["-D", folder + "/data", "-m", "immediate", "-w", "stop"], asPostgres: geteuid() == 0)
    }

    private var options: String {
        "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    }

    private init() throws {
        let bindir = try Self.findBinDir()
        self.binDir = bindir
        var template = Array("/tmp/pinterest-etl-pg.XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestServerError(message: "mkdtemp failed") }
        folder = String(cString: created)
        let asRoot = geteuid() == 0
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw TestServerError(message: "running as root but there is no postgres user to run the server")
            }
            chown(folder, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        chmod(folder, 0o700)
        port = try Self.freePort()
        let data = folder + "/data"
        try Self.run(bindir + "/initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                          "--locale=C", "--no-sync"], asPostgres: asRoot)
        try Self.run(bindir + "/pg_ctl", ["-D", data, "-o", options, "-l", folder + "/server.log", "-w", "-t", "60", "start"],
                     asPostgres: asRoot)
        Self.stopWhenProcessEnds(folder: folder)
        let version = (try? Self.run(bin("psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres",
                                                   "-Atq", "-c", "SHOW server_version"])) ?? "?"
        FileHandle.standardError.write(Data("PostgreSQL \(version.trimmingCharacters(in: .whitespacesAndNewlines)) test server started on 127.0.0.1:\(port) in \(folder)\n".utf8))
    }

    private let binDir: String
    private func bin(_ name: String) -> String { binDir + "/" + name }

    /// A watchdog shell outlives this process by at most a second: it stops the server
    /// (immediate shutdown) and deletes the folder, even if the tests crash.
    private static func stopWhenProcessEnds(folder: String) {
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

    private static func findBinDir() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["PG_BINDIR"] { return explicit }
        if let output = try? run("/usr/bin/env", ["pg_config", "--bindir"]) {
            let dir = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: dir + "/initdb") { return dir }
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let dir = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: dir + "/initdb") { return dir }
        }
        throw TestServerError(message: "no PostgreSQL server binaries (initdb) found: apt-get install postgresql, or set PG_BINDIR")
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
        guard bound else { throw TestServerError(message: "cannot find a free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a command to completion and returns its output (as the postgres user if asked).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let command = (asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] : [executable]) + arguments
        // From /tmp: the postgres user may not be able to read the current directory.
        let result = try Subprocess.runBlocking(command, directory: "/tmp", timeout: .seconds(120))
        guard result.status == 0 else {
            throw TestServerError(message: "\(executable) \(arguments.first ?? "") failed (\(result.status)): \(result.stdout)\(result.stderr)")
        }
        return result.stdout + result.stderr
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
