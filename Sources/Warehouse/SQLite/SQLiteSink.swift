import PinterestModel

/// The embedded default warehouse: one SQLite file in WAL mode.
package final class SQLiteSink: WarehouseSink {
    package let dialect = SQLDialect.sqlite
    package var location: String { "sqlite:\(connection.path)" }
    private let connection: SQLiteConnection
    /// Statements by SQL text, prepared once per connection and reused for every row and run.
    private var statements: [String: SQLiteStatement] = [:]

    package init(path: String, readOnly: Bool = false) throws {
        connection = try SQLiteConnection(path: path, readOnly: readOnly)
    }

    private func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let prepared = try connection.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    @discardableResult
    package func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        let prepared = try statement(sql)
        try prepared.bind(parameters)
        try prepared.run()
        return connection.changes
    }

    package func select(_ sql: String, _ parameters: [SQLValue]) throws -> [[String?]] {
        let prepared = try connection.prepare(sql)
        try prepared.bind(parameters)
        return try prepared.allRows()
    }

    package func executeScript(_ sql: String) throws { try connection.execute(sql) }

    package func beginWriteTransaction() throws { try connection.execute("BEGIN IMMEDIATE") }
    package func commit() throws { try connection.execute("COMMIT") }

    package func rollback() {
        // After some errors (e.g. SQLITE_FULL) SQLite has already rolled back.
        if connection.isInTransaction { try? connection.execute("ROLLBACK") }
    }

    package func bulkInsert<Row: WarehouseRow>(
        _ type: Row.Type, stamp: RowStamp, rows: (RowInserter<Row>) async throws -> Void
    ) async throws -> Int {
        let insert = try statement(Row.insertSQL)
        try insert.bindStamp(stamp, after: Row.self)
        let inserter = RowInserter<Row>(insert: { row in
            try insert.bindRow(row)
            do {
                try insert.run()
            } catch let error as SQLiteError where error.isUniqueViolation {
                // Name the row, not just the index.
                throw WarehouseError.duplicateRow(table: Row.tableName, key: row.keyDescription)
            }
        })
        try await rows(inserter)
        return inserter.count
    }

    package func tryLock(job: JobKind) throws -> any JobLock {
        try FileLock(path: "\(connection.path).\(job.rawValue).lock", job: job)
    }

    /// The job's lock (a file) already covers every account: one SQLite file, one writer.
    package func tryClaim(job: JobKind, account: String) throws -> Bool { true }
    package func releaseClaim(job: JobKind, account: String) {}

    package func close() {
        statements.removeAll()
        connection.close()
    }
}
