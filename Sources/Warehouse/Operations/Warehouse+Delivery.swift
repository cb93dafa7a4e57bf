import PinterestModel

extension Warehouse {
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
}
