import CSQLite
import PinterestModel

/// The one owner of a `sqlite3_stmt*`: finalized in `deinit`. Keeps its connection alive.
package final class SQLiteStatement {
    private let connection: SQLiteConnection
    private let handle: OpaquePointer
    let sql: String

    init(connection: SQLiteConnection, sql: String) throws {
        let db = try connection.openHandle()
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw connection.error(code, sql: sql)
        }
        self.connection = connection
        self.handle = statement
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: One parameter at a time, for the benchmark's plain loop (what a hand-written C loop does)

    package func bind(_ value: Int64, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value)) }
    package func bind(_ value: Double, at index: Int32) throws { try check(sqlite3_bind_double(handle, index, value)) }

    package func bind(_ value: String, at index: Int32) throws {
        var binder = SQLiteRowBinder(statement: handle, index: index)
        binder.write(value)
        try check(binder.failure)
    }

    package func bind(_ day: Day, at index: Int32) throws {
        var binder = SQLiteRowBinder(statement: handle, index: index)
        binder.write(day)
        try check(binder.failure)
    }

    /// Runs an INSERT whose parameters are bound, keeping the bindings for the next row.
    package func insert() throws { try run() }

    private func check(_ code: Int32) throws {
        if code != SQLITE_OK { throw connection.error(code, sql: sql) }
    }

    /// Binds `$1`, `$2`, … by name, so a parameter may appear in any order or more than once.
    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = sqlite3_bind_parameter_index(handle, "$\(offset + 1)")
            guard index > 0 else {
                throw SQLiteError(code: SQLITE_RANGE, message: "statement has no parameter $\(offset + 1)", sql: sql)
            }
            var binder = SQLiteRowBinder(statement: handle, index: index)
            switch value {
            case .null: binder.writeNull()
            case .integer(let number): binder.write(number)
            case .double(let number): binder.write(number)
            case .text(let text): binder.write(text)
            }
            if binder.failure != SQLITE_OK { throw connection.error(binder.failure, sql: sql) }
        }
    }

    /// Binds a warehouse row's columns to parameters 1...n in order.
    /// Specialized for delivery rows (the bulk of every load): the column writes then compile to
    /// direct bind calls instead of one witness-table call per column.
    @_specialize(where Row == DeliveryRow)
    func bindRow<Row: WarehouseRow>(_ row: Row) throws {
        var binder = SQLiteRowBinder(statement: handle, index: 1)
        row.write(to: &binder)
        if binder.failure != SQLITE_OK { throw connection.error(binder.failure, sql: sql) }
    }

    /// Binds the stamp to the parameters after `Row`'s own columns, once per load: `run()` resets
    /// the statement without clearing its bindings, so every row of the load keeps them.
    func bindStamp<Row: WarehouseRow>(_ stamp: RowStamp, after _: Row.Type) throws {
        var binder = SQLiteRowBinder(statement: handle, index: Int32(Row.columnNames.count + 1))
        stamp.write(to: &binder)
        if binder.failure != SQLITE_OK { throw connection.error(binder.failure, sql: sql) }
    }

    /// Steps once: true when a row is available, false when done.
    @discardableResult
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            sqlite3_reset(handle)
            throw connection.error(code, sql: sql)
        }
    }

    /// Executes a statement that returns no rows and makes it ready for the next bind.
    func run() throws {
        defer { sqlite3_reset(handle) }
        _ = try step()
    }

    /// Column values as text; REAL columns use Swift's shortest round-trip form (SQLite's own
    /// text conversion keeps only 15 digits).
    func text(at column: Int32) -> String? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return String(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return String(sqlite3_column_double(handle, column))
        default:
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func allRows() throws -> [[String?]] {
        defer { sqlite3_reset(handle) }
        var rows: [[String?]] = []
        let count = columnCount
        while try step() {
            rows.append((0..<count).map { text(at: $0) })
        }
        return rows
    }
}

@available(*, unavailable)
extension SQLiteStatement: Sendable {}

/// Binds values to consecutive parameters. The first failing code is kept and reported once the
/// row is bound, which keeps the per-column path free of throws.
struct SQLiteRowBinder: ColumnWriter {
    let statement: OpaquePointer
    var index: Int32
    var failure: Int32 = SQLITE_OK

    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
        index += 1
    }

    mutating func writeNull() { check(sqlite3_bind_null(statement, index)) }
    mutating func write(_ value: Int64) { check(sqlite3_bind_int64(statement, index, value)) }
    mutating func write(_ value: Double) { check(sqlite3_bind_double(statement, index, value)) }
    mutating func write(_ value: Bool) { check(sqlite3_bind_int64(statement, index, value ? 1 : 0)) }

    mutating func write(_ value: String) {
        let statement = statement, index = index
        func bind(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            bytes.withMemoryRebound(to: CChar.self) {
                csqlite_bind_text_transient(statement, index, $0.baseAddress, Int32($0.count))
            }
        }
        // A native string lends its bytes as they are; only a bridged one is copied first.
        if let code = value.utf8.withContiguousStorageIfAvailable(bind) {
            check(code)
        } else {
            var copy = value
            check(copy.withUTF8(bind))
        }
    }

    mutating func write(_ day: Day) {
        let code = day.withISOBytes { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                csqlite_bind_text_transient(statement, index, $0.baseAddress, Int32($0.count))
            }
        }
        check(code)
    }

    mutating func write(_ timestamp: Timestamp) { write(timestamp.description) }
}
