import Foundation

extension Warehouse {
    /// Applies every migration not yet recorded in `schema_migrations`, in order, each in its own
    /// transaction with its record. Safe to run any number of times, also concurrently.
    /// Returns the migrations applied by this call.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        // Even the bookkeeping table is created under the lock: two first-time migrations at once
        // would otherwise race in CREATE TABLE IF NOT EXISTS (PostgreSQL can then fail one).
        try await transaction {
            try lockMigrations()
            try executeScript(schemaMigrationsTable)
        }
        let known = Migration.all(for: dialect)
        var applied: [Migration] = []
        for migration in known {
            let didApply = try await transaction { () -> Bool in
                try lockMigrations()
                let done = try select("SELECT 1 FROM schema_migrations WHERE version = $1", [.integer(Int64(migration.version))])
                guard done.isEmpty else { return false }
                try executeScript(migration.sql)
                try execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                            [.integer(Int64(migration.version)), .text(migration.name), .text(Timestamp.now().description)])
                return true
            }
            if didApply { applied.append(migration) }
        }
        if let newest = try appliedVersions().last, newest > (known.last?.version ?? 0) {
            throw WarehouseError.schemaNewerThanProgram(applied: newest, known: known.last?.version ?? 0)
        }
        return applied
    }

    /// Serializes migrations across processes until the transaction ends. SQLite's
    /// `BEGIN IMMEDIATE` already does; PostgreSQL takes a transaction-level advisory lock.
    private func lockMigrations() throws {
        guard dialect == .postgres else { return }
        _ = try select("SELECT pg_advisory_xact_lock($1::int4, $2::int4)",
                       [.integer(Int64(LockKey.namespace)), .integer(Int64(LockKey.migrations))])
    }

    /// Throws `WarehouseError.schemaBehindProgram` unless every migration this program knows is
    /// applied: the read-only commands (`status`, `report`) cannot migrate, and would otherwise
    /// fail on a missing table or column.
    public func requireCurrentSchema() throws {
        let known = Migration.all(for: dialect).last?.version ?? 0
        let applied = try appliedVersions().last ?? 0
        if applied < known { throw WarehouseError.schemaBehindProgram(applied: applied, known: known) }
    }

    /// Versions recorded in `schema_migrations`, ascending.
    public func appliedVersions() throws -> [Int] {
        let exists = switch dialect {
        case .sqlite: try select("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        case .postgres: try select("SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL")
        }
        guard !exists.isEmpty else { return [] }
        return try select("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0[0].flatMap { Int($0) } }
    }

    private var schemaMigrationsTable: String {
        switch dialect {
        case .sqlite:
            return """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT
                """
        case .postgres:
            return """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)
                """
        }
    }
}
