import PinterestModel

/// One backend of the warehouse: the few primitives SQLite and PostgreSQL each implement.
/// Everything the jobs ask of the warehouse is built on them once, in `Warehouse`'s extensions,
/// so SQL text stays inside this module.
///
/// Not `Sendable`: one sink per task (each account worker opens its own).
/// SQL placeholders are `$1`, `$2`, … in both dialects.
package protocol WarehouseSink: AnyObject {
    var dialect: SQLDialect { get }
    /// Where this sink writes, safe to log (no password).
    var location: String { get }

    /// Runs one statement with bound parameters; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    /// Runs one query with bound parameters; every value comes back as text (NULL as nil).
    func select(_ sql: String, _ parameters: [SQLValue]) throws -> [[String?]]
    /// Runs a script of statements that take no parameters (migrations).
    func executeScript(_ sql: String) throws

    /// Starts a write transaction (SQLite: `BEGIN IMMEDIATE`, so writers queue up front).
    func beginWriteTransaction() throws
    func commit() throws
    /// Never throws: it runs while another error is already on its way.
    func rollback()

    /// Streams rows into their table inside the open transaction (SQLite: one reused prepared
    /// statement; PostgreSQL: `COPY FROM STDIN`). Returns the number of rows stored.
    func bulkInsert<Row: WarehouseRow>(
        _ type: Row.Type, stamp: RowStamp, rows: (RowInserter<Row>) async throws -> Void
    ) async throws -> Int

    /// Takes the job's lock without waiting; throws `WarehouseError.busy` when another run has it.
    func tryLock(job: JobKind) throws -> any JobLock
    func tryClaim(job: JobKind, account: String) throws -> Bool
    func releaseClaim(job: JobKind, account: String)

    /// Idempotent.
    func close()
}
