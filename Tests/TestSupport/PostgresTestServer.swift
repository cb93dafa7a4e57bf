import Foundation
import ProcessSupport

/// The test suite's PostgreSQL: one throwaway cluster on a loopback port, started by the first
/// test that needs it and removed when the test process ends.
///
/// With `CI=true` the server must start (a PostgreSQL test never skips there); elsewhere the
/// PostgreSQL cases are skipped when no server can be started, and say so.
public enum PostgresTestServer {
    public static let shared: Result<ThrowawayPostgres, SubprocessError> = Result {
        let server = try ThrowawayPostgres(listening: .loopback, durability: .none)
        FileHandle.standardError.write(Data(
            "PostgreSQL \(server.version) test server started on 127.0.0.1:\(server.port) in \(server.folder)\n".utf8))
        return server
    }.mapError { $0 as? SubprocessError ?? SubprocessError(message: "\($0)") }

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

    public static func server() throws -> ThrowawayPostgres { try shared.get() }

    /// A cluster of its own, for a test that restarts or stops it (never the shared one).
    /// Blocking (initdb takes seconds): call it off the concurrency pool.
    public static func makePrivate() throws -> ThrowawayPostgres {
        try ThrowawayPostgres(listening: .loopback, durability: .none)
    }
}
