import CSQLite
import Foundation
import PinterestModel

/// The one owner of a `sqlite3*` handle. Not thread-safe and not `Sendable`: one connection per
/// task; SQLite itself serializes writers across connections and processes.
package final class SQLiteConnection {
    private var handle: OpaquePointer?
    let path: String

    /// Opens (creating if needed) the database, in WAL mode with a busy timeout; or, when
    /// `readOnly`, an existing database without writing anything (no file is created, no mode
    /// changed), for a monitoring user with read access only.
    package init(path: String, busyTimeoutMilliseconds: Int32 = 30_000, readOnly: Bool = false) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            // sqlite3_open_v2 returns a handle even on failure (unless out of memory); it must
            // still be closed.
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)", sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        if readOnly { return }
        // SQLite quietly opens a file it may not write read-only; say so now, not at the first write.
        if sqlite3_db_readonly(db, "main") == 1 {
            close()
            throw SQLiteError(code: SQLITE_READONLY, message: "cannot write \(path): the file is readonly for this user", sql: nil)
        }
        let mode = try selectText("PRAGMA journal_mode=WAL")
        guard mode?.lowercased() == "wal" else {
            close()
            throw SQLiteError(code: SQLITE_ERROR, message: "cannot switch \(path) to WAL mode (got \(mode ?? "nothing"))", sql: nil)
        }
        try execute("PRAGMA synchronous=NORMAL")
        // Keep -wal and -shm after the last close (read-only readers need them), truncated to
        // 4 MiB after each checkpoint so a large load does not leave a large file behind.
        let persisted = csqlite_persist_wal(db)
        guard persisted == SQLITE_OK else { throw error(persisted, sql: nil) }
        try execute("PRAGMA journal_size_limit=4194304")
    }

    deinit { close() }

    /// Idempotent. Statements still alive keep the database open until they finalize
    /// (`sqlite3_close_v2` defers), so closing never frees memory under a live statement.
    func close() {
        if let handle {
            sqlite3_close_v2(handle)
            self.handle = nil
        }
    }

    func openHandle() throws -> OpaquePointer {
        guard let handle else { throw SQLiteError(code: SQLITE_MISUSE, message: "connection to \(path) is closed", sql: nil) }
        return handle
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed"
        return SQLiteError(code: code, message: message, sql: sql)
    }

    /// Runs one or more statements that take no parameters (schema scripts, BEGIN, COMMIT).
    package func execute(_ sql: String) throws {
        let db = try openHandle()
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: code, message: message, sql: sql)
        }
    }

    package func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: self, sql: sql)
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    var changes: Int { handle.map { Int(sqlite3_changes64($0)) } ?? 0 }

    var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    private func selectText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.text(at: 0) : nil
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}
