import Foundation
import PinterestModel

/// Advisory lock keys: one namespace for this program, one key per job.
enum LockKey {
    /// "PETL" as a 32-bit integer.
    static let namespace: Int32 = 0x5045_544C
    static func key(for job: JobKind) -> Int32 {
        switch job {
        case .delivery: 1
        case .meta: 2
        }
    }
    /// Serializes schema migrations across processes.
    static let migrations: Int32 = 100
}

/// SQLite's job lock: `flock` on a file beside the database. The kernel drops it when the process
/// exits, even by SIGKILL, so a crashed run never leaves the warehouse locked.
final class FileLock: WarehouseLock {
    private var descriptor: Int32

    init(path: String, job: JobKind) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw WarehouseError.unavailable(sink: "sqlite lock \(path)", reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            Glibc.close(fd)
            if code == EWOULDBLOCK {
                throw WarehouseError.busy(job: job, holder: path)
            }
            throw WarehouseError.unavailable(sink: "sqlite lock \(path)", reason: String(cString: strerror(code)))
        }
        descriptor = fd
    }

    deinit { release() }

    func release() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)  // closing the descriptor drops the flock
        descriptor = -1
    }
}

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
