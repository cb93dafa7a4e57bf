/// A failed SQLite call, with SQLite's own message. Carries the SQL text but never bound values.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's extended result code (e.g. 19 = SQLITE_CONSTRAINT, 5 = SQLITE_BUSY).
    public let code: Int32
    public let message: String
    public let sql: String?

    /// SQLITE_BUSY: another connection holds the lock (retry later). Not SQLITE_LOCKED, which is
    /// a conflict inside one connection: a bug, not contention.
    public var isBusy: Bool { code & 0xFF == 5 }
    /// SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY: a key already present.
    public var isUniqueViolation: Bool { code == 2067 || code == 1555 }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(SQLText.summary(sql)))" }
        return text
    }
}
