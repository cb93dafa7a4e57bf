import Foundation
import PinterestModel
import Synchronization

/// SQLite's job lock: `flock` on a file beside the database. The kernel drops it when the process
/// exits, even by SIGKILL, so a crashed run never leaves the warehouse locked. It covers every
/// account: SQLite has one writer per file, so runs of a job never share one.
final class FileLock: JobLock {
    private let descriptor: Mutex<Int32>

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
        descriptor = Mutex(fd)
    }

    deinit { release() }

    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            Glibc.close(fd)  // closing the descriptor drops the flock
            fd = -1
        }
    }
}
