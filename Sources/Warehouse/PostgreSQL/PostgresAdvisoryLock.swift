/// PostgreSQL's job lock: a session-level advisory lock on a dedicated connection. The server
/// drops it when that connection ends, so a crashed run never leaves the warehouse locked.
final class PostgresAdvisoryLock: WarehouseLock {
    private let connection: PostgresConnection
    private let job: JobKind
    private var held = false

    init(connection: PostgresConnection, job: JobKind, location: String) throws {
        self.connection = connection
        self.job = job
        let result = try connection.execute(
            "SELECT pg_try_advisory_lock($1::int4, $2::int4)",
            [.integer(Int64(LockKey.namespace)), .integer(Int64(LockKey.key(for: job)))])
        guard result.value(row: 0, column: 0) == "t" else {
            connection.close()
            throw WarehouseError.busy(job: job, holder: location)
        }
        held = true
    }

    deinit { release() }

    func release() {
        guard held else { return }
        held = false
        _ = try? connection.execute(
            "SELECT pg_advisory_unlock($1::int4, $2::int4)",
            [.integer(Int64(LockKey.namespace)), .integer(Int64(LockKey.key(for: job)))])
        connection.close()
    }
}
