import Foundation

extension Warehouse {
    /// Applies every migration not yet recorded in `schema_migrations`, in order, each in its own
    /// transaction with its record. Safe to run any number of times, also concurrently.
    /// Returns the migrations applied by this call.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try executeScript(schemaMigrationsTable)
        let known = Migration.all(for: dialect)
        var applied: [Migration] = []
        for migration in known {
            let didApply = try await transaction { () -> Bool in
                if dialect == .postgres {
                    // SQLite's BEGIN IMMEDIATE already serializes; PostgreSQL needs a lock.
                    _ = try select("SELECT pg_advisory_xact_lock($1::int4, $2::int4)",
                                   [.integer(Int64(LockKey.namespace)), .integer(Int64(LockKey.migrations))])
                }
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

    /// Versions recorded in `schema_migrations`, ascending.
    public func appliedVersions() throws -> [Int] {
        try select("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0[0].flatMap { Int($0) } }
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
