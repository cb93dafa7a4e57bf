import Foundation

/// Scratch folders for tests, all inside one folder per test process that is removed when the
/// process exits: a run of the suite makes thousands, and none may stay behind in the temporary
/// directory. The folder of a test process that was killed is removed by the next one.
public enum Scratch {
    private static let prefix = "pinterest-etl-tests-pid"

    /// This process's folder, made on first use.
    public static let root: String = {
        let base = NSTemporaryDirectory()
        removeAbandoned(in: base)
        let path = (base as NSString).appendingPathComponent(prefix + String(getpid()))
        // Left by an earlier process that had this pid.
        try? FileManager.default.removeItem(atPath: path)
        // Searchable by all, as folders made straight in /tmp are: some tests run the program as
        // an unprivileged user.
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o755])
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// A new, empty folder named after `name`.
    public static func directory(_ name: String) -> String {
        let path = self.path(name)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A new path inside `root`, not created.
    public static func path(_ name: String) -> String {
        (root as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
    }

    /// Folders of test processes that no longer run.
    private static func removeAbandoned(in base: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix(prefix) {
            guard let pid = pid_t(entry.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) == -1, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (base as NSString).appendingPathComponent(entry))
            }
        }
    }
}
