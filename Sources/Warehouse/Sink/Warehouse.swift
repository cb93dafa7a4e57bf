import Foundation
import PinterestModel

/// The warehouse the jobs and commands talk to: a sink (SQLite or PostgreSQL) behind typed
/// operations. Callers ask questions (`latestRuns()`, `rowCounts()`) and hand over rows
/// (`replaceDeliveryWindow`); raw SQL is `package`, for this module and the tests.
///
/// Not `Sendable`: open one per task (each account worker owns its own connection).
public final class Warehouse {
    let sink: any WarehouseSink

    package init(sink: any WarehouseSink) { self.sink = sink }

    /// How a caller uses the warehouse.
    public enum Access: Sendable {
        case readWrite
        /// Questions only (`status`): a SQLite file is opened read-only and never created.
        case readOnly
    }

    /// Opens the warehouse `url` names. Connection failures become `WarehouseError.unavailable`;
    /// a SQLite file that does not exist, opened read-only, is `WarehouseError.missing`.
    public static func open(_ url: SinkURL, access: Access = .readWrite) throws -> Warehouse {
        do {
            switch url {
            case .sqlite(let path):
                if access == .readOnly, !FileManager.default.fileExists(atPath: path) {
                    throw WarehouseError.missing(sink: url.redacted)
                }
                return Warehouse(sink: try SQLiteSink(path: path, readOnly: access == .readOnly))
            case .postgres(let conninfo): return Warehouse(sink: try PostgresSink(conninfo: conninfo))
            }
        } catch let error as SQLiteError {
            throw WarehouseError.unavailable(sink: url.redacted, reason: error.description)
        } catch let error as PostgresError {
            throw WarehouseError.unavailable(sink: url.redacted, reason: error.description)
        }
    }

    public var dialect: SQLDialect { sink.dialect }
    /// Where this warehouse is, safe to log (no password).
    public var location: String { sink.location }

    /// Idempotent.
    public func close() { sink.close() }

    /// Takes the job's lock without waiting; throws `WarehouseError.busy` when another run has
    /// it (SQLite). PostgreSQL never refuses it: there, runs claim accounts (`tryClaim`).
    public func tryLock(job: JobKind) throws -> any JobLock { try sink.tryLock(job: job) }

    /// Claims `account` in `job` for this connection without waiting; false when another run
    /// holds it. PostgreSQL: an advisory lock of this connection's session, so the claim ends
    /// with the connection, and with it any open transaction of the account's load. SQLite: always
    /// true, the job's lock covers every account. Claim on the connection that loads the account.
    public func tryClaim(job: JobKind, account: String) throws -> Bool { try sink.tryClaim(job: job, account: account) }

    public func releaseClaim(job: JobKind, account: String) { sink.releaseClaim(job: job, account: account) }

    /// Whether runs of one job can share this warehouse, each claiming its own accounts.
    public var claimsAccounts: Bool { dialect == .postgres }

    // MARK: Raw SQL, for this module and the tests

    @discardableResult
    package func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try sink.execute(sql, parameters)
    }

    package func select(_ sql: String, _ parameters: [SQLValue] = []) throws -> [[String?]] {
        try sink.select(sql, parameters)
    }

    package func executeScript(_ sql: String) throws { try sink.executeScript(sql) }

    /// For tests that hold the write lock by hand; jobs use `transaction`.
    package func beginWriteTransaction() throws { try sink.beginWriteTransaction() }
    package func commit() throws { try sink.commit() }
    package func rollback() { sink.rollback() }

    /// Runs `body` in a write transaction: committed if it returns, rolled back if it throws
    /// (the first error is the one rethrown).
    package func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try sink.beginWriteTransaction()
        let value: T
        do {
            value = try await body()
        } catch {
            sink.rollback()
            throw error
        }
        do {
            try sink.commit()
        } catch {
            sink.rollback()
            throw error
        }
        return value
    }

    package func bulkInsert<Row: WarehouseRow>(
        _ type: Row.Type, stamp: RowStamp, rows: (RowInserter<Row>) async throws -> Void
    ) async throws -> Int {
        try await sink.bulkInsert(type, stamp: stamp, rows: rows)
    }
}

@available(*, unavailable)
extension Warehouse: Sendable {}
