/// A failed libpq call, with PostgreSQL's own message and SQLSTATE. Carries the SQL text but
/// never bound values or the connection string (which may hold a password).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Five-character SQLSTATE when the server sent one (e.g. `23505` unique violation).
    public let sqlState: String?
    public let message: String
    public let sql: String?
    /// A unique violation's DETAIL line (`Key (…)=(…) already exists.`). Not part of
    /// `description`, which never shows values: only a data load, whose keys are ids and dates,
    /// turns it into a message (`WarehouseError.duplicateRow`).
    public var detail: String? = nil

    /// Connection-level failures: the server is down, restarting or unreachable.
    public var isConnectionFailure: Bool {
        guard let sqlState else { return sql == nil }
        return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P03"
    }

    public var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let sql { text += " (in: \(SQLText.summary(sql)))" }
        return text
    }

    /// SQLSTATE values the code branches on.
    public enum State {
        public static let uniqueViolation = "23505"
        /// `FOR UPDATE NOWAIT` found the row locked by another transaction.
        public static let lockNotAvailable = "55P03"
        /// Class 22, data exceptions: their messages quote the offending value.
        public static let dataExceptionClass = "22"
    }
}
