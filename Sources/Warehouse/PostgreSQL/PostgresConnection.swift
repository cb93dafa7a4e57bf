import CPostgreSQL
import Foundation

/// The one owner of a libpq `PGconn*`. Not thread-safe and not `Sendable`: one connection per task.
final class PostgresConnection {
    private var handle: OpaquePointer?

    /// Connects with a libpq connection string or URI, passed to libpq as is (so `PG*`
    /// variables and `~/.pgpass` apply as in psql).
    init(conninfo: String) throws {
        let connection = PQconnectdb(conninfo)
        guard let connection else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection", sql: nil)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(sqlState: nil, message: "cannot connect: \(message)", sql: nil)
        }
        handle = connection
        guard PQsetClientEncoding(connection, "UTF8") == 0 else {
            let message = Self.trimmed(PQerrorMessage(connection))
            close()
            throw PostgresError(sqlState: nil, message: "cannot set client encoding UTF8: \(message)", sql: nil)
        }
        // Timestamps are written and read in UTC whatever the server's default; notices such as
        // "relation already exists, skipping" would go to stderr through libpq's default
        // notice processor and clutter the program's log.
        try execute("SET TIME ZONE 'UTC'; SET client_min_messages TO WARNING")
    }

    deinit { close() }

    /// Idempotent.
    func close() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
    }

    var isOpen: Bool { handle.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// SQLSTATE 08006 (connection failure) once the connection is broken, for errors libpq
    /// reports without one (the server restarted or went away mid-statement): they are
    /// "warehouse unreachable", not a bad statement.
    var brokenConnectionState: String? { isOpen ? nil : "08006" }

    func openHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(sqlState: "08003", message: "connection is closed", sql: nil)
        }
        return handle
    }

    /// The connection's last error message (for failures that produce no PGresult).
    func lastErrorMessage() -> String {
        handle.map { Self.trimmed(PQerrorMessage($0)) } ?? "connection is closed"
    }

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws {
        let db = try openHandle()
        let result = PostgresResult(PQexec(db, sql), connection: self, sql: sql)
        try result.check()
    }

    /// Runs a statement with `$1`, `$2`, … parameters sent as text, separately from the SQL:
    /// values are never interpolated into SQL text.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> PostgresResult {
        let db = try openHandle()
        let texts: [String?] = parameters.map { value in
            switch value {
            case .null: return nil
            case .integer(let number): return String(number)
            case .double(let number): return PostgresCopyEncoder.text(for: number)
            case .text(let text): return text
            }
        }
        let raw = Self.withCStrings(texts) { pointers in
            PQexecParams(db, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
        }
        let result = PostgresResult(raw, connection: self, sql: sql)
        try result.check()
        return result
    }

    /// Holds C copies of the strings for the duration of `body`; nil stays a NULL pointer.
    private static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}
