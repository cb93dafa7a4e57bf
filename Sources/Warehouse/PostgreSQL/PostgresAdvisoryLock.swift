/// PostgreSQL's job lock: nothing on the server. Runs share the job and claim accounts, each on
/// the connection that loads it (`PostgresSink.tryClaim`).
final class PostgresJobLock: JobLock {
    func release() {}
}

extension PostgresConnection {
    /// Takes the session-level advisory lock `key` without waiting; false when another session
    /// holds it. The server drops it when this connection ends, together with any transaction
    /// the connection had open: a claim never outlives the work it guards.
    func tryAdvisoryLock(_ key: Int64) throws -> Bool {
        try execute("SELECT pg_try_advisory_lock($1::int8)", [.integer(key)]).value(row: 0, column: 0) == "t"
    }

    func advisoryUnlock(_ key: Int64) {
        _ = try? execute("SELECT pg_advisory_unlock($1::int8)", [.integer(key)])
    }

    /// A machine that vanishes without closing its socket would otherwise keep its session (and
    /// claims, and row locks) until the kernel's default keepalive gives up, about two hours: let
    /// the server probe an idle connection after 30 s and drop it after 6 missed probes 10 s apart.
    func askServerForKeepalives() throws {
        try execute("SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 6")
    }
}
