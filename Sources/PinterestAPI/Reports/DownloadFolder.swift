import Foundation
import Synchronization

/// This process's folder for report files, inside the configured download directory, held by
/// an advisory lock (`flock`) for as long as the process lives. A run that is killed (SIGKILL,
/// the OOM killer, a power cut) cannot delete the report it was downloading, which may be
/// gigabytes: the next process to download finds that folder's lock free and removes it.
/// (Under the shipped systemd units, PrivateTmp=yes throws the whole /tmp away anyway.)
enum DownloadFolder {
    static let prefix = "pinterest-etl-downloads-"
    /// By download directory; the lock descriptors stay open until the process ends.
    private static let folders = Mutex<[String: String]>([:])

    /// The folder in `directory`, made on first use, after the abandoned ones are removed.
    static func path(in directory: String) throws -> String {
        try folders.withLock { folders in
            if let path = folders[directory] { return path }
            let manager = FileManager.default
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            removeAbandoned(in: directory)
            // Made and locked under another name, then renamed: a folder with the prefix is
            // always locked while its process lives, so a sweep never takes one being made.
            let name = UUID().uuidString
            let making = (directory as NSString).appendingPathComponent(".making-" + name)
            let path = (directory as NSString).appendingPathComponent(prefix + name)
            try manager.createDirectory(atPath: making, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let lock = open(making + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0, rename(making, path) == 0 else {
                let problem = String(cString: strerror(errno))
                if lock >= 0 { close(lock) }
                try? manager.removeItem(atPath: making)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: problem])
            }
            folders[directory] = path
            return path
        }
    }

    /// Removes the folders whose lock no process holds (their process ended without cleaning up).
    static func removeAbandoned(in directory: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries where entry.hasPrefix(prefix) {
            let folder = (directory as NSString).appendingPathComponent(entry)
            // No lock file, or another user's: not a folder this process may judge.
            let lock = open(folder + "/.lock", O_RDWR | O_CLOEXEC)
            guard lock >= 0 else { continue }
            defer { close(lock) }
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { continue }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
