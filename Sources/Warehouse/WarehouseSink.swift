import PinterestModel

public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A connection to the warehouse: a few primitives each backend implements, with the
/// operations the jobs need built on them once, in extensions.
///
/// Not `Sendable`: open one sink per task (each account worker owns its own connection).
/// SQL placeholders are `$1`, `$2`, … in both dialects.
public protocol WarehouseSink: AnyObject {
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
    func tryLock(job: JobKind) throws -> any WarehouseLock

    /// Idempotent.
    func close()
}

/// Hands rows to a bulk insert, checking each belongs to the load before it is written.
public final class RowInserter<Row: WarehouseRow> {
    private let accept: (Row) throws -> Void
    private let insertBody: (Row) throws -> Void
    public private(set) var count = 0

    init(accept: @escaping (Row) throws -> Void, insert: @escaping (Row) throws -> Void) {
        self.accept = accept
        self.insertBody = insert
    }

    public func insert(_ row: Row) throws {
        try accept(row)
        try insertBody(row)
        count += 1
    }

    /// An inserter that checks `condition` first, then inserts through this one (so both count).
    func checking(_ condition: @escaping (Row) throws -> Void) -> RowInserter<Row> {
        RowInserter(accept: condition, insert: { try self.insert($0) })
    }
}

@available(*, unavailable)
extension RowInserter: Sendable {}

extension WarehouseSink {
    public func select(_ sql: String) throws -> [[String?]] { try select(sql, []) }

    /// Runs `body` in a write transaction: committed if it returns, rolled back if it throws
    /// (the first error is the one rethrown).
    public func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try beginWriteTransaction()
        let value: T
        do {
            value = try await body()
        } catch {
            rollback()
            throw error
        }
        do {
            try commit()
        } catch {
            rollback()
            throw error
        }
        return value
    }

    /// Replaces one account's delivery rows for a window, in one transaction: deletes its rows
    /// dated inside `window`, inserts what `rows` produces, and records `run` with this load's
    /// counts added to the ones it carries: as succeeded when `completesRun` (the default), else
    /// still running (a backfill commits chunk by chunk). Rows outside the window are never
    /// touched; a row that is not this account's or not in the window aborts the whole load. If
    /// anything throws, the tables are as they were.
    @discardableResult
    public func replaceDeliveryWindow(
        account: String, window: DayRange, run: RunRecord, completesRun: Bool = true,
        rows: (RowInserter<DeliveryRow>) async throws -> Void
    ) async throws -> LoadCounts {
        let stamp = RowStamp.delivery(runId: run.runId, loadedAt: .now())
        return try await transaction {
            let deleted = try execute(
                "DELETE FROM pinterest_data_delivery WHERE ad_account_id = $1 AND date >= $2 AND date <= $3",
                [.text(account), .text(window.first.description), .text(window.last.description)])
            let written = try await bulkInsert(DeliveryRow.self, stamp: stamp) { inserter in
                try await rows(inserter.checking { row in
                    guard row.adAccountId == account else {
                        throw WarehouseError.rowOutsideLoad(table: DeliveryRow.tableName,
                            reason: "ad account \(row.adAccountId) in a load for account \(account)")
                    }
                    guard window.contains(row.date) else {
                        throw WarehouseError.rowOutsideLoad(table: DeliveryRow.tableName,
                            reason: "date \(row.date) outside the window \(window) of account \(account)")
                    }
                })
            }
            var progressed = run
            if completesRun {
                progressed.status = .succeeded
                progressed.finishedAt = .now()
            }
            progressed.rowsDeleted += deleted
            progressed.rowsWritten += written
            progressed.error = nil
            try upsertRun(progressed)
            return LoadCounts(rowsDeleted: deleted, rowsWritten: written)
        }
    }

    /// Replaces one account's rows in the four lookup tables, in one transaction, and records
    /// `run` as succeeded. Each producer streams one table's rows.
    @discardableResult
    public func replaceLookups(
        account: AdAccountRecord, run: RunRecord,
        campaigns: (RowInserter<CampaignRecord>) async throws -> Void,
        adGroups: (RowInserter<AdGroupRecord>) async throws -> Void,
        ads: (RowInserter<AdRecord>) async throws -> Void
    ) async throws -> LoadCounts {
        let stamp = RowStamp.lookup(refreshedAt: .now())
        let id = account.id
        func belongs(_ table: String, _ rowAccount: String) throws {
            guard rowAccount == id else {
                throw WarehouseError.rowOutsideLoad(table: table, reason: "ad account \(rowAccount) in a load for account \(id)")
            }
        }
        return try await transaction {
            var deleted = try execute("DELETE FROM pinterest_meta_adaccount WHERE id = $1", [.text(id)])
            for table in [CampaignRecord.tableName, AdGroupRecord.tableName, AdRecord.tableName] {
                deleted += try execute("DELETE FROM \(table) WHERE ad_account_id = $1", [.text(id)])
            }
            var written = try await bulkInsert(AdAccountRecord.self, stamp: stamp) { try $0.insert(account) }
            written += try await bulkInsert(CampaignRecord.self, stamp: stamp) { inserter in
                try await campaigns(inserter.checking { try belongs(CampaignRecord.tableName, $0.adAccountId) })
            }
            written += try await bulkInsert(AdGroupRecord.self, stamp: stamp) { inserter in
                try await adGroups(inserter.checking { try belongs(AdGroupRecord.tableName, $0.adAccountId) })
            }
            written += try await bulkInsert(AdRecord.self, stamp: stamp) { inserter in
                try await ads(inserter.checking { try belongs(AdRecord.tableName, $0.adAccountId) })
            }
            var finished = run
            finished.status = .succeeded
            finished.finishedAt = .now()
            finished.rowsDeleted = deleted
            finished.rowsWritten = written
            finished.error = nil
            try upsertRun(finished)
            return LoadCounts(rowsDeleted: deleted, rowsWritten: written)
        }
    }

    /// Marks the runs of `job` still recorded as running as failed. Call it holding the job's
    /// lock: no other run of the job can then be going, so these belong to a process that died
    /// (SIGKILL, power loss) and whose open transaction the database rolled back.
    @discardableResult
    public func closeInterruptedRuns(job: JobKind) async throws -> Int {
        try await transaction {
            try execute("UPDATE etl_runs SET status = $1, finished_at = $2, error = $3 WHERE job = $4 AND status = $5", [
                .text(RunStatus.failed.rawValue), .text(Timestamp.now().description),
                .text("interrupted: the process ended before this run finished (killed or crashed); its open work was rolled back"),
                .text(job.rawValue), .text(RunStatus.running.rawValue),
            ])
        }
    }

    /// Records a run (start, progress or outcome) in its own transaction.
    public func recordRun(_ run: RunRecord) async throws {
        try await transaction { try upsertRun(run) }
    }

    func upsertRun(_ run: RunRecord) throws {
        try execute("""
            INSERT INTO etl_runs (run_id, job, ad_account_id, window_start, window_end, started_at,
                                  finished_at, status, rows_deleted, rows_written, api_requests, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (run_id, job, ad_account_id) DO UPDATE SET
                window_start = excluded.window_start, window_end = excluded.window_end,
                finished_at = excluded.finished_at, status = excluded.status,
                rows_deleted = excluded.rows_deleted, rows_written = excluded.rows_written,
                api_requests = excluded.api_requests, error = excluded.error
            """, [
                .text(run.runId), .text(run.job.rawValue), .text(run.adAccountId),
                run.window.map { .text($0.first.description) } ?? .null,
                run.window.map { .text($0.last.description) } ?? .null,
                .text(run.startedAt.description), run.finishedAt.map { .text($0.description) } ?? .null,
                .text(run.status.rawValue), .integer(Int64(run.rowsDeleted)), .integer(Int64(run.rowsWritten)),
                .integer(Int64(run.apiRequests)), run.error.sqlValue,
            ])
    }
}

/// A held job lock; released by `release()` or when the holder is deallocated or the process dies.
public protocol WarehouseLock: AnyObject {
    func release()
}
