import Foundation
import PinterestModel

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
