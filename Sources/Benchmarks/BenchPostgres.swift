import Foundation
import ProcessSupport
import Warehouse

/// The PostgreSQL the bench measures: the one `--postgres URL` names, or a throwaway cluster
/// reached only by a Unix socket in its 0700 folder, with PostgreSQL's default durability, as a
/// real warehouse has it. On a named server the bench works in a schema of its own, dropped
/// afterwards, so the warehouse's tables are never touched.
final class BenchPostgres {
    /// A libpq URI for the bench's tables.
    let url: String
    private let psqlPath: String
    private let throwaway: ThrowawayPostgres?
    private let schema: String?

    private init(url: String, psqlPath: String, throwaway: ThrowawayPostgres?, schema: String?) {
        self.url = url
        self.psqlPath = psqlPath
        self.throwaway = throwaway
        self.schema = schema
    }

    static func external(url: String) async throws -> BenchPostgres {
        let psql = try findPSQL()
        let schema = "pinterest_etl_bench_" + UUID().uuidString.prefix(8).lowercased()
        let warehouse = try Warehouse.open(SinkURL(url))
        defer { warehouse.close() }
        try warehouse.createSchema(schema)
        // libpq applies `options` at connect: every unqualified table is then the bench's own.
        let scoped = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        return BenchPostgres(url: scoped, psqlPath: psql, throwaway: nil, schema: schema)
    }

    /// Blocking for the seconds initdb takes; the bench starts nothing else meanwhile.
    static func startThrowaway() throws -> BenchPostgres {
        let server = try ThrowawayPostgres(listening: .privateSocket, durability: .defaults)
        return BenchPostgres(url: server.url(), psqlPath: server.binDir + "/psql", throwaway: server, schema: nil)
    }

    /// Stops a throwaway server or drops the bench's schema on a named one. Never throws: it
    /// runs on the way out.
    func stop() async {
        if let schema, let warehouse = try? Warehouse.open(SinkURL(url)) {
            try? warehouse.dropSchema(schema)
            warehouse.close()
        }
        try? throwaway?.stop()
    }

    /// Runs psql against the bench database; throws with its message when it fails.
    @discardableResult
    func psql(_ arguments: [String]) async throws -> Subprocess.Result {
        // The password travels in the environment, not on the command line that `ps` shows.
        var components = URLComponents(string: url)
        var environment = ProcessInfo.processInfo.environment
        if let password = components?.password {
            environment["PGPASSWORD"] = password
            components?.password = nil
        }
        let target = components?.string ?? url
        let outcome = try await Subprocess.run([psqlPath, "-X", "-v", "ON_ERROR_STOP=1", "-q", "-d", target] + arguments,
                                               environment: environment, timeout: .seconds(3600))
        guard outcome.status == 0 else { throw BenchError("psql failed (\(outcome.status)): \(outcome.stderr)") }
        return outcome
    }

    private static func findPSQL() throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let directories = [try? ThrowawayPostgres.findBinDir()].compactMap { $0 } + path
        for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/psql") {
            return "\(directory)/psql"
        }
        throw BenchError("psql not found on PATH")
    }
}
