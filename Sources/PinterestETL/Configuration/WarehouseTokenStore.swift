import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// `token_store` = `warehouse`: the tokens in the PostgreSQL warehouse's `etl_oauth_tokens`, so
/// workers on several machines share one rotating refresh token. Each operation opens its own
/// connection: refreshes are rare, and a lock held on a connection of its own never waits
/// behind a data load.
struct WarehouseTokenStore: TokenStore {
    let sink: SinkURL
    let clientId: String

    var location: String { "etl_oauth_tokens in \(sink.redacted)" }

    /// Who last wrote the row, for an operator reading it: host and process id.
    private var writer: String { "\(RunRecord.thisHost) pid \(getpid())" }

    func load() async throws -> StoredTokens? {
        let warehouse = try Warehouse.open(sink)
        defer { warehouse.close() }
        return try warehouse.storedTokens(clientId: clientId)
    }

    func checkWritable() async throws {
        let warehouse = try Warehouse.open(sink)
        defer { warehouse.close() }
        try warehouse.checkTokenTable()
    }

    nonisolated(nonsending) func withLock<T>(_ body: nonisolated(nonsending) (any TokenStoreSession) async throws -> T) async throws -> T {
        let warehouse = try Warehouse.open(sink)
        defer { warehouse.close() }
        return try await warehouse.withLockedTokens(clientId: clientId, writer: writer) { locked in
            try await body(Session(locked: locked))
        }
    }

    /// The locked row: what it held when locked, and a save that commits.
    private struct Session: TokenStoreSession {
        let locked: LockedTokens
        func load() throws -> StoredTokens? { locked.current }
        func checkWritable() throws {}  // holding the row lock proves it: FOR UPDATE needs UPDATE rights
        func save(_ tokens: StoredTokens) throws { try locked.save(tokens) }
    }
}

extension Configuration {
    /// With `token_store` = `warehouse`, applies pending migrations so the token table exists
    /// (for `auth exchange` and `auth check`, which may run before any job). A file store needs
    /// nothing.
    public func prepareTokenStore() async throws {
        guard usesWarehouseTokenStore else { return }
        let warehouse = try Warehouse.open(sink)
        defer { warehouse.close() }
        _ = try await warehouse.migrate()
    }
}
