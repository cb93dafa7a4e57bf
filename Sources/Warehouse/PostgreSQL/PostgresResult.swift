import CPostgreSQL
import Foundation

/// The one owner of a `PGresult*`: cleared in `deinit`.
final class PostgresResult {
    private let handle: OpaquePointer?
    private let connection: PostgresConnection
    let sql: String

    init(_ handle: OpaquePointer?, connection: PostgresConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit { if let handle { PQclear(handle) } }

    var status: ExecStatusType { handle.map(PQresultStatus) ?? PGRES_FATAL_ERROR }

    /// Throws the server's error (message and SQLSTATE) unless the command succeeded.
    func check(expecting expected: ExecStatusType? = nil) throws {
        let status = self.status
        if let expected {
            if status == expected { return }
        } else if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return
        }
        throw error()
    }

    func error() -> PostgresError {
        guard let handle else {
            return PostgresError(sqlState: connection.brokenConnectionState, message: connection.lastErrorMessage(), sql: sql)
        }
        let state = PQresultErrorField(handle, cpq_diag_sqlstate).map { String(cString: $0) } ?? connection.brokenConnectionState
        var message = PostgresConnection.trimmed(PQresultErrorField(handle, cpq_diag_message_primary))
        if message.isEmpty { message = PostgresConnection.trimmed(PQresultErrorMessage(handle)) }
        if message.isEmpty { message = connection.lastErrorMessage() }
        if let state, state.hasPrefix(PostgresError.State.dataExceptionClass) {
            // Data exceptions (22P02 invalid input, 22003 out of range, …) quote the bound value
            // in their message; a value may be anything, a secret included. Keep the SQLSTATE only.
            message = "a value was refused by the server (data exception \(state)); the server's message quotes the value and is not shown"
        }
        var error = PostgresError(sqlState: state, message: message, sql: sql)
        // A unique violation's detail names the key ("Key (…)=(…) already exists."): ids, not secrets.
        if state == PostgresError.State.uniqueViolation {
            let detail = PostgresConnection.trimmed(PQresultErrorField(handle, cpq_diag_message_detail))
            if !detail.isEmpty { error.detail = detail }
        }
        return error
    }

    /// Rows affected by INSERT, UPDATE, DELETE or COPY.
    var affectedRows: Int {
        guard let handle, let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    var rowCount: Int { handle.map { Int(PQntuples($0)) } ?? 0 }
    var columnCount: Int { handle.map { Int(PQnfields($0)) } ?? 0 }

    func value(row: Int, column: Int) -> String? {
        guard let handle, PQgetisnull(handle, Int32(row), Int32(column)) == 0 else { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let bytes = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    func allRows() -> [[String?]] {
        (0..<rowCount).map { row in (0..<columnCount).map { value(row: row, column: $0) } }
    }
}

@available(*, unavailable)
extension PostgresResult: Sendable {}
