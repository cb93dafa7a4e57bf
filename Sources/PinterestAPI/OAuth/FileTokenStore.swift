import Foundation
import Glibc
import PinterestModel

/// The token file: JSON, mode 0600, replaced atomically (temp file in the same directory,
/// fsync, rename, fsync of the directory), with a lock file beside it that serializes
/// refreshes across processes of one machine.
public struct FileTokenStore: TokenStore, TokenStoreSession {
    public let path: String

    public init(path: String) { self.path = path }

    public var location: String { path }

    private var directory: String { (path as NSString).deletingLastPathComponent }
    var lockPath: String { path + ".lock" }

    private func failure(_ problem: String) -> PinterestAPIError {
        .tokenStore(store: path, problem: problem)
    }

    /// nil when the file does not exist yet.
    public func load() throws -> StoredTokens? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw failure("cannot read it (\(Self.errnoText(errno)))")
        }
        do { return try JSONDecoder().decode(StoredTokens.self, from: data) } catch {
            throw failure("not a valid token file; delete it and run `pinterest-etl auth` again")
        }
    }

    public func save(_ tokens: StoredTokens) throws {
        try makeDirectory()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do { data = try encoder.encode(tokens) } catch { throw failure("cannot encode tokens") }
        let temporary = (directory as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).\(UUID().uuidString).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create a temporary file (\(Self.errnoText(errno)))") }
        var ok = fchmod(fd, 0o600) == 0
        ok = ok && data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 { if errno == EINTR { continue }; return false }
                offset += written
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        let problem = errno
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let renameProblem = errno
            unlink(temporary)
            throw failure("cannot write it (\(Self.errnoText(ok ? renameProblem : problem)))")
        }
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Proves a new store file can be created and renamed into place, before a refresh spends the
    /// current refresh token: Pinterest rotates it, so a successor that cannot be stored is lost.
    public func checkWritable() throws {
        try makeDirectory()
        let probe = (directory as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).\(UUID().uuidString).probe")
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create files in its directory (\(Self.errnoText(errno)))") }
        // As large as a token file, and synced: a full disk or quota shows here, not after the refresh.
        let filler = [UInt8](repeating: 0x20, count: 4096)
        let written = filler.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) == $0.count } && fsync(fd) == 0
        let problem = errno
        close(fd)
        unlink(probe)
        guard written else { throw failure("cannot write files in its directory (\(Self.errnoText(problem)))") }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw failure("is a directory, not a file")
        }
    }

    /// Runs `body` holding an exclusive `flock` on the lock file beside the store.
    /// Polls with a non-blocking lock so no thread of the cooperative pool is ever blocked.
    public nonisolated(nonsending) func withLock<T>(_ body: nonisolated(nonsending) (any TokenStoreSession) async throws -> T) async throws -> T {
        try makeDirectory()
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot open the lock file (\(Self.errnoText(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw failure("cannot lock (\(Self.errnoText(errno)))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        defer { flock(fd, LOCK_UN) }
        return try await body(self)
    }

    private func makeDirectory() throws {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: directory) else { return }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
        } catch {
            throw failure("cannot create its directory")
        }
    }

    private static func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
