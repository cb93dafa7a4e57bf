import Synchronization

/// PostgreSQL's job lock: no server state of its own, only what claims need to connect.
final class PostgresJobLock: JobLock {
    private let conninfo: String
    private let job: JobKind

    init(conninfo: String, job: JobKind) {
        self.conninfo = conninfo
        self.job = job
    }

    func tryClaim(account: String) throws -> (any AccountClaim)? {
        try PostgresAccountClaim.take(connection: PostgresConnection(conninfo: conninfo),
                                      key: LockKey.account(account, job: job))
    }

    func release() {}
}

/// A session-level advisory lock on a connection of its own: the server drops it when that
/// connection ends, so a crashed worker never leaves an account claimed.
final class PostgresAccountClaim: AccountClaim {
    private let connection: PostgresConnection
    private let key: Int64
    private var held = true

    private init(connection: PostgresConnection, key: Int64) {
        self.connection = connection
        self.key = key
    }

    /// nil, with the connection closed, when another session holds the key.
    static func take(connection: PostgresConnection, key: Int64) throws -> PostgresAccountClaim? {
        do {
            // A machine that vanishes without closing its socket would otherwise keep its claims
            // until the kernel's default keepalive gives up (about two hours): let the server
            // probe this idle connection after 30 s and drop it after 6 missed probes 10 s apart.
            try connection.execute("SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 6")
            let result = try connection.execute("SELECT pg_try_advisory_lock($1::int8)", [.integer(key)])
            guard result.value(row: 0, column: 0) == "t" else {
                connection.close()
                return nil
            }
        } catch {
            connection.close()
            throw error
        }
        return PostgresAccountClaim(connection: connection, key: key)
    }

    deinit { release() }

    func release() {
        guard held else { return }
        held = false
        _ = try? connection.execute("SELECT pg_advisory_unlock($1::int8)", [.integer(key)])
        connection.close()
    }
}
