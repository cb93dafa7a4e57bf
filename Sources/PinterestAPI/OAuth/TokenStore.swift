import PinterestModel

/// Where the current OAuth tokens live: a file (one machine) or the warehouse (several machines
/// sharing one rotating refresh token). Pinterest rotates the refresh token on every use, so a
/// refresh happens under the store's exclusive lock and its result is durable before it is used.
public protocol TokenStore: Sendable {
    /// Where the tokens are, for messages: a path, or the warehouse's table. Never a secret.
    var location: String { get }
    /// The tokens as last stored, read without the lock; nil when there are none yet.
    func load() async throws -> StoredTokens?
    /// Proves that tokens can be stored, before a refresh spends the current refresh token.
    func checkWritable() async throws
    /// Runs `body` holding the store's exclusive lock, across processes (and, for the warehouse,
    /// machines). What `body` reads and saves through the session happens under that lock.
    nonisolated(nonsending) func withLock<T>(_ body: nonisolated(nonsending) (any TokenStoreSession) async throws -> T) async throws -> T
}

/// The store as seen under its lock.
public protocol TokenStoreSession {
    /// The tokens as stored now, including another process's refresh that finished a moment ago.
    func load() throws -> StoredTokens?
    func checkWritable() throws
    /// Makes `tokens` durable (renamed into place, or committed) before it returns.
    func save(_ tokens: StoredTokens) throws
}
