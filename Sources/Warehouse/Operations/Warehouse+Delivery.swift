import PinterestModel

extension Warehouse {
    /// Replaces one account's delivery rows for a window, and its breakdown rows when `targeting`
    /// is given, in one transaction: deletes its rows dated inside `window` from
    /// `pinterest_data_delivery` (and `pinterest_data_targeting`), inserts what the producers
    /// give, and records `run` with this load's counts added to the ones it carries: as
    /// succeeded when `completesRun` (the default), else still running (a backfill commits chunk
    /// by chunk). Rows outside the window are never touched; a row that is not this account's
    /// or not in the window aborts the whole load. If anything throws, both tables are as they
    /// were: they never disagree about which days were loaded.
    @discardableResult
    public func replaceDeliveryWindow(
        account: String, window: DayRange, run: RunRecord, completesRun: Bool = true,
        rows: (RowInserter<DeliveryRow>) async throws -> Void,
        targeting: ((RowInserter<TargetingRow>) async throws -> Void)? = nil
    ) async throws -> LoadCounts {
        let stamp = RowStamp.delivery(runId: run.runId, loadedAt: .now())
        func check(_ table: String, _ rowAccount: String, _ date: Day) throws {
            guard rowAccount == account else {
                throw WarehouseError.rowOutsideLoad(table: table, reason: "ad account \(rowAccount) in a load for account \(account)")
            }
            guard window.contains(date) else {
                throw WarehouseError.rowOutsideLoad(table: table, reason: "date \(date) outside the window \(window) of account \(account)")
            }
        }
        return try await transaction {
            var deleted = try deleteWindow(DeliveryRow.tableName, account: account, window: window)
            var written = try await bulkInsert(DeliveryRow.self, stamp: stamp) { inserter in
                try await rows(inserter.checking { try check(DeliveryRow.tableName, $0.adAccountId, $0.date) })
            }
            if let targeting {
                deleted += try deleteWindow(TargetingRow.tableName, account: account, window: window)
                written += try await bulkInsert(TargetingRow.self, stamp: stamp) { inserter in
                    try await targeting(inserter.checking { try check(TargetingRow.tableName, $0.metrics.adAccountId, $0.metrics.date) })
                }
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

    private func deleteWindow(_ table: String, account: String, window: DayRange) throws -> Int {
        try execute("DELETE FROM \(table) WHERE ad_account_id = $1 AND date >= $2 AND date <= $3",
                    [.text(account), .text(window.first.description), .text(window.last.description)])
    }
}
