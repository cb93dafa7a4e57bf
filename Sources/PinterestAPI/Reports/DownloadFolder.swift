import Foundation
import Synchronization

/// This process's folder for report files, inside the configured download directory, held by
/// an advisory lock (`flock`) for as long as the process lives. A run that is killed (SIGKILL,
/// the OOM killer, a power cut) cannot delete the report it was downloading, which may be
/// gigabytes: the next process to download finds that folder's lock free and removes it.
/// (Under the shipped systemd units, PrivateTmp=yes throws the whole /tmp away anyway.) The
/// download directory must be local: `flock` does not tell other hosts' processes apart.
enum DownloadFolder {
    static let prefix = "pinterest-etl-downloads-"
    private static let makingPrefix = ".making-pinterest-etl-downloads-"
    /// By download directory (itself when no folder could be made there); the lock descriptors
    /// stay open until the process ends.
    private static let folders = Mutex<[String: String]>([:])

    /// The folder in `directory`, made on first use, after the abandoned ones are removed;
    /// `directory` itself if none can be made (the downloads then work as without it).
    static func path(in directory: String) -> String {
        folders.withLock { folders in
            if let path = folders[directory] { return path }
            let path = (try? make(in: directory)) ?? directory
            folders[directory] = path
            return path
        }
    }

    private static func make(in directory: String) throws -> String {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        removeAbandoned(in: directory)
        // Made and locked under another name, then renamed: a folder with the prefix is always
        // locked while its process lives, so a sweep never takes one being made.
        let name = UUID().uuidString
        let making = (directory as NSString).appendingPathComponent(makingPrefix + name)
        let path = (directory as NSString).appendingPathComponent(prefix + name)
        try manager.createDirectory(atPath: making, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let lock = open(making + "/.lock", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0, rename(making, path) == 0 else {
            if lock >= 0 { close(lock) }
            try? manager.removeItem(atPath: making)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return path
    }

    /// Removes the folders whose lock no process holds: their process ended without cleaning up.
    /// Only this user's real folders and lock files are judged, never through a symbolic link.
    static func removeAbandoned(in directory: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        // A ".making-" folder too: its process was killed between making and renaming it.
        for entry in entries where entry.hasPrefix(prefix) || entry.hasPrefix(makingPrefix) {
            let folder = (directory as NSString).appendingPathComponent(entry)
            var status = stat()
            guard lstat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid() else { continue }
            // One being made right now is not yet locked: judged only once a minute old.
            if entry.hasPrefix(makingPrefix), status.st_mtim.tv_sec > time(nil) - 60 { continue }
            let lockPath = folder + "/.lock"
            let lock = open(lockPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard lock >= 0 else {
                // Killed before its lock file existed: an empty folder, if anything.
                if entry.hasPrefix(makingPrefix) { rmdir(folder) }
                continue
            }
            guard fstat(lock, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
                  flock(lock, LOCK_EX | LOCK_NB) == 0 else {
                close(lock)
                continue
            }
            // The rest first, the lock file last: an open file cannot be removed on NFS.
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file != ".lock" {
                try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(file))
            }
            close(lock)
            unlink(lockPath)
            rmdir(folder)
        }
    }
}
