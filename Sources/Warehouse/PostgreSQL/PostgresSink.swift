import PinterestModel

/// A PostgreSQL warehouse through libpq.
package final class PostgresSink: WarehouseSink {
    package let dialect = SQLDialect.postgres
    package let location: String
    private let connection: PostgresConnection
    private var askedForKeepalives = false

    package init(conninfo: String) throws {
        self.location = SinkURL.redacted(conninfo)
        connection = try PostgresConnection(conninfo: conninfo)
    }

    @discardableResult
    package func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        try connection.execute(sql, parameters).affectedRows
    }

    package func select(_ sql: String, _ parameters: [SQLValue]) throws -> [[String?]] {
        try connection.execute(sql, parameters).allRows()
    }

    package func executeScript(_ sql: String) throws { try connection.execute(sql) }

    package func beginWriteTransaction() throws { try connection.execute("BEGIN") }
    package func commit() throws { try connection.execute("COMMIT") }
    package func rollback() { try? connection.execute("ROLLBACK") }

    package func bulkInsert<Row: WarehouseRow>(
        _ type: Row.Type, stamp: RowStamp, rows: (RowInserter<Row>) async throws -> Void
    ) async throws -> Int {
        let copy = try PostgresCopyIn(connection: connection, table: Row.tableName, columns: Row.allColumnNames)
        let inserter = RowInserter<Row>(insert: { try copy.append($0, stamp: stamp) })
        do {
            try await rows(inserter)
        } catch {
            copy.abort(reason: "load aborted by pinterest-etl")
            throw error
        }
        do {
            return try copy.finish()
        } catch let error as PostgresError where error.sqlState == PostgresError.State.uniqueViolation {
            // The same key twice in one load: name it (data keys are ids and dates, never secrets).
            throw WarehouseError.duplicateRow(table: Row.tableName, key: error.detail ?? "a key")
        }
    }

    /// Never busy: several workers share a job, and each claims accounts (advisory locks).
    package func tryLock(job: JobKind) throws -> any JobLock { PostgresJobLock() }

    package func tryClaim(job: JobKind, account: String) throws -> Bool {
        if !askedForKeepalives {
            try connection.askServerForKeepalives()
            askedForKeepalives = true
        }
        return try connection.tryAdvisoryLock(LockKey.account(account, job: job))
    }

    package func releaseClaim(job: JobKind, account: String) {
        connection.advisoryUnlock(LockKey.account(account, job: job))
    }

    package func close() { connection.close() }
}
