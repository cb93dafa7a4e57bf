import CSQLite
import PinterestModel

/// The benchmark's floor for SQLite: what a hand-written C loop does — one transaction, one
/// prepared INSERT, the columns bound straight from the row's fields, no protocol, no closure,
/// no per-row allocation. The sink's figure is judged against this one. Raw SQLite calls stay in
/// the Warehouse module's wrapper files, so this lives here rather than in the bench command.
public enum SQLitePlainLoop {
    /// Inserts `rows` into `pinterest_data_delivery` of the (migrated) database at `path` and
    /// returns how many were stored.
    public static func insert(_ rows: SyntheticDeliveryRows, path: String, runId: String, loadedAt: String) throws -> Int {
        let connection = try SQLiteConnection(path: path)
        let columns = DeliveryRow.columnNames + DeliveryRow.stampColumns
        let sql = "INSERT INTO pinterest_data_delivery (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let statement = try connection.prepare(sql)
        try connection.execute("BEGIN IMMEDIATE")
        let stored = try statement.insertPlainly(rows, runId: runId, loadedAt: loadedAt)
        try connection.execute("COMMIT")
        return stored
    }
}

extension SQLiteStatement {
    fileprivate func insertPlainly(_ rows: SyntheticDeliveryRows, runId: String, loadedAt: String) throws -> Int {
        let handle = rawHandle
        func text(_ index: Int32, _ value: String) {
            var value = value
            value.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    _ = csqlite_bind_text_transient(handle, index, $0.baseAddress, Int32($0.count))
                }
            }
        }
        // The stamp is the same for every row: bound once, kept across resets.
        text(35, runId)
        text(36, loadedAt)
        var stored = 0
        for row in rows {
            row.date.withISOBytes { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    _ = csqlite_bind_text_transient(handle, 1, $0.baseAddress, Int32($0.count))
                }
            }
            text(2, row.adAccountId)
            text(3, row.campaignId)
            text(4, row.adGroupId)
            text(5, row.pinPromotionId)
            text(6, row.pinId)
            sqlite3_bind_int64(handle, 7, row.spendMicro)
            sqlite3_bind_int64(handle, 8, row.impressions)
            sqlite3_bind_int64(handle, 9, row.earnedImpressions)
            sqlite3_bind_int64(handle, 10, row.clicks)
            sqlite3_bind_int64(handle, 11, row.earnedClicks)
            sqlite3_bind_int64(handle, 12, row.outboundClicks)
            sqlite3_bind_int64(handle, 13, row.earnedOutboundClicks)
            sqlite3_bind_int64(handle, 14, row.engagements)
            sqlite3_bind_int64(handle, 15, row.earnedEngagements)
            sqlite3_bind_int64(handle, 16, row.saves)
            sqlite3_bind_int64(handle, 17, row.earnedSaves)
            sqlite3_bind_int64(handle, 18, row.videoViews)
            sqlite3_bind_int64(handle, 19, row.videoMrcViews)
            sqlite3_bind_int64(handle, 20, row.videoStarts)
            sqlite3_bind_int64(handle, 21, row.videoP25)
            sqlite3_bind_int64(handle, 22, row.videoP50)
            sqlite3_bind_int64(handle, 23, row.videoP75)
            sqlite3_bind_int64(handle, 24, row.videoP95)
            sqlite3_bind_int64(handle, 25, row.videoCompletes)
            sqlite3_bind_double(handle, 26, row.videoAvgWatchSeconds)
            sqlite3_bind_int64(handle, 27, row.conversions)
            sqlite3_bind_int64(handle, 28, row.checkouts)
            sqlite3_bind_int64(handle, 29, row.checkoutValueMicro)
            sqlite3_bind_int64(handle, 30, row.pageVisits)
            sqlite3_bind_int64(handle, 31, row.addToCarts)
            sqlite3_bind_int64(handle, 32, row.leads)
            sqlite3_bind_int64(handle, 33, row.signups)
            sqlite3_bind_int64(handle, 34, row.webSessions)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw SQLiteError(code: code, message: "plain loop insert failed", sql: sql) }
            stored += 1
        }
        return stored
    }
}
