import PinterestModel

/// `token_store` = `warehouse`: the OAuth tokens in `etl_oauth_tokens` (PostgreSQL only), one
/// row per Pinterest app, shared by every worker of the warehouse.
extension Warehouse {
    /// The tokens stored for app `clientId`; nil when there are none yet.
    public func storedTokens(clientId: String) throws -> StoredTokens? {
        try checkTokenTable()
        return try select("SELECT \(Self.tokenColumns) FROM etl_oauth_tokens WHERE client_id = $1", [.text(clientId)])
            .first.flatMap(Self.tokens)
    }

    /// Throws `WarehouseError.tokenTable` unless this is PostgreSQL with `etl_oauth_tokens`, and
    /// this role may read and write it.
    public func checkTokenTable() throws {
        guard dialect == .postgres else {
            throw WarehouseError.tokenTable(sink: location, problem: "only a PostgreSQL warehouse holds tokens; use a token file with SQLite")
        }
        let answer = try select("""
            SELECT CASE WHEN to_regclass('etl_oauth_tokens') IS NULL THEN 'missing'
                        WHEN has_table_privilege('etl_oauth_tokens', 'SELECT, INSERT, UPDATE') THEN 'ok'
                        ELSE 'denied' END
            """).first?.first ?? nil
        switch answer {
        case "ok": return
        case "missing": throw WarehouseError.tokenTable(sink: location, problem: "it has no table etl_oauth_tokens yet; run `pinterest-etl migrate`")
        default: throw WarehouseError.tokenTable(sink: location, problem: "this role may not read and write etl_oauth_tokens; connect as the role that owns it")
        }
    }

    /// Runs `body` holding the row lock on app `clientId`'s tokens (`SELECT … FOR UPDATE`), so one
    /// worker refreshes while the others wait and then read its result. Waiting polls with
    /// `NOWAIT` (20 ms, doubling to 0.5 s), so no thread is ever parked in the server. `LockedTokens.save` commits at once:
    /// a rotated refresh token is durable before anyone uses it.
    public nonisolated(nonsending) func withLockedTokens<T>(clientId: String, writer: String,
                                    _ body: nonisolated(nonsending) (LockedTokens) async throws -> T) async throws -> T {
        try checkTokenTable()
        // The row must exist to be locked; its first writer creates it empty.
        try execute("INSERT INTO etl_oauth_tokens (client_id, updated_by) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING",
                    [.text(clientId), .text(writer)])
        var current: [String?]
        var pause = Duration.milliseconds(20)
        while true {
            try beginWriteTransaction()
            do {
                // The lock is held across one HTTP refresh: a server-wide idle-in-transaction
                // timeout must not end it halfway, after Pinterest rotated the refresh token.
                try execute("SET LOCAL idle_in_transaction_session_timeout = 0")
                current = try select("SELECT \(Self.tokenColumns) FROM etl_oauth_tokens WHERE client_id = $1 FOR UPDATE NOWAIT",
                                     [.text(clientId)]).first ?? []
                break
            } catch let error as PostgresError where error.sqlState == PostgresError.State.lockNotAvailable {
                rollback()
                // Another worker is refreshing (one request, usually well under a second).
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(500))
            } catch {
                rollback()
                throw error
            }
        }
        let locked = LockedTokens(warehouse: self, clientId: clientId, writer: writer, current: Self.tokens(current))
        do {
            let value = try await body(locked)
            if !locked.committed { try commit() }
            return value
        } catch {
            if !locked.committed { rollback() }
            throw error
        }
    }

    private static let tokenColumns = "access_token, access_token_expires_at, refresh_token, refresh_token_expires_at"

    private static func tokens(_ row: [String?]) -> StoredTokens? {
        guard row.count == 4, let refresh = row[2], !refresh.isEmpty else { return nil }
        return StoredTokens(accessToken: row[0], accessTokenExpiresAt: row[1].flatMap { Int64($0) },
                            refreshToken: refresh, refreshTokenExpiresAt: row[3].flatMap { Int64($0) })
    }

    fileprivate func saveLocked(_ tokens: StoredTokens, clientId: String, writer: String) throws {
        try execute("""
            UPDATE etl_oauth_tokens SET access_token = $2, access_token_expires_at = $3, refresh_token = $4,
                refresh_token_expires_at = $5, updated_at = now(), updated_by = $6
            WHERE client_id = $1
            """, [.text(clientId), tokens.accessToken.sqlValue, tokens.accessTokenExpiresAt.map { .integer($0) } ?? .null,
                  .text(tokens.refreshToken), tokens.refreshTokenExpiresAt.map { .integer($0) } ?? .null, .text(writer)])
        try commit()
    }
}

/// One app's tokens under their row lock (`Warehouse.withLockedTokens`).
public final class LockedTokens {
    private let warehouse: Warehouse
    private let clientId: String
    private let writer: String
    /// The tokens as stored when the lock was taken.
    public let current: StoredTokens?
    fileprivate(set) var committed = false

    fileprivate init(warehouse: Warehouse, clientId: String, writer: String, current: StoredTokens?) {
        self.warehouse = warehouse
        self.clientId = clientId
        self.writer = writer
        self.current = current
    }

    /// Stores `tokens` and commits, which also releases the lock.
    public func save(_ tokens: StoredTokens) throws {
        precondition(!committed, "tokens saved twice under one lock")
        try warehouse.saveLocked(tokens, clientId: clientId, writer: writer)
        committed = true
    }
}
