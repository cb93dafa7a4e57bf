import CPostgreSQL
import PinterestModel

/// One `COPY … FROM STDIN` in progress (text format), shaped like postgres-nio's `copyFrom`:
/// rows are encoded into a bounded buffer and sent in chunks; `finish()` ends the COPY and drains
/// every result; `abort(reason:)` makes the server reject the whole COPY.
///
/// > Important: bad data is accepted by `PQputCopyData` and only fails when the results are
/// > drained, so a COPY is known good only after `finish()` returns.
final class PostgresCopyIn {
    private let connection: PostgresConnection
    private let sql: String
    private var encoder = PostgresCopyEncoder()
    private var ended = false
    /// Bytes collected before a `PQputCopyData`: large enough to amortize the call, and well below
    /// Linux's default socket send buffer (~208 KiB), past which the server idled over a Unix socket.
    private static let flushThreshold = 64 * 1024

    init(connection: PostgresConnection, table: String, columns: [String]) throws {
        self.connection = connection
        let quotedColumns = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        self.sql = "COPY \"\(table)\" (\(quotedColumns)) FROM STDIN"
        let db = try connection.openHandle()
        let result = PostgresResult(PQexec(db, sql), connection: connection, sql: sql)
        try result.check(expecting: PGRES_COPY_IN)
        encoder.buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
    }

    deinit {
        // A COPY left open would wedge the connection: make the server discard it.
        if !ended { abort(reason: "COPY abandoned") }
    }

    /// Specialized for delivery rows, as `SQLiteStatement.bindRow`.
    @_specialize(where Row == DeliveryRow)
    func append<Row: WarehouseRow>(_ row: Row, stamp: RowStamp) throws {
        row.write(to: &encoder)
        stamp.write(to: &encoder)
        encoder.endRow()
        if encoder.buffer.count >= Self.flushThreshold { try flush() }
    }

    private func flush() throws {
        guard !encoder.buffer.isEmpty else { return }
        let db = try connection.openHandle()
        // libpq takes a byte count: the buffer holds UTF-8 bytes, never String.count.
        let sent = encoder.buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(db, $0.baseAddress, Int32($0.count)) }
        }
        encoder.buffer.removeAll(keepingCapacity: true)
        guard sent == 1 else {
            throw PostgresError(sqlState: connection.brokenConnectionState, message: "COPY data not sent: \(connection.lastErrorMessage())", sql: sql)
        }
    }

    /// Sends what is left, ends the COPY and returns the number of rows the server stored.
    func finish() throws -> Int {
        try flush()
        ended = true
        let db = try connection.openHandle()
        guard PQputCopyEnd(db, nil) == 1 else {
            let message = connection.lastErrorMessage()
            _ = drain()
            throw PostgresError(sqlState: connection.brokenConnectionState, message: "COPY could not be ended: \(message)", sql: sql)
        }
        return try drain().get()
    }

    /// Ends the COPY with an error so the server discards every row sent; never throws, since it
    /// runs while another error is already on its way to the caller.
    func abort(reason: String) {
        guard !ended else { return }
        ended = true
        guard let db = try? connection.openHandle() else { return }
        encoder.buffer.removeAll()
        _ = PQputCopyEnd(db, reason)
        _ = drain()
    }

    /// Reads results until libpq returns NULL; the first failure wins.
    private func drain() -> Result<Int, PostgresError> {
        guard let db = try? connection.openHandle() else {
            return .failure(PostgresError(sqlState: "08003", message: "connection is closed", sql: sql))
        }
        var outcome: Result<Int, PostgresError>?
        while let raw = PQgetResult(db) {
            let result = PostgresResult(raw, connection: connection, sql: sql)
            if result.status == PGRES_COMMAND_OK {
                if outcome == nil { outcome = .success(result.affectedRows) }
            } else if case .success = outcome ?? .success(0) {
                outcome = .failure(result.error())
            }
        }
        return outcome ?? .failure(PostgresError(sqlState: nil, message: "COPY ended without a result", sql: sql))
    }
}

@available(*, unavailable)
extension PostgresCopyIn: Sendable {}

/// Encodes column values in COPY text format: tab between columns, newline after a row, `\N`
/// for NULL, and backslash escapes for backslash, tab, newline and carriage return.
struct PostgresCopyEncoder: ColumnWriter {
    var buffer: [UInt8] = []
    private var atRowStart = true

    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let backslash = UInt8(ascii: "\\")
    private static let carriageReturn = UInt8(ascii: "\r")

    private mutating func separate() {
        if atRowStart { atRowStart = false } else { buffer.append(Self.tab) }
    }

    mutating func endRow() {
        buffer.append(Self.newline)
        atRowStart = true
    }

    mutating func writeNull() {
        separate()
        buffer.append(Self.backslash)
        buffer.append(UInt8(ascii: "N"))
    }

    mutating func write(_ value: Int64) {
        separate()
        appendDecimal(value)
    }

    mutating func write(_ value: Double) {
        separate()
        buffer.append(contentsOf: Self.text(for: value).utf8)
    }

    mutating func write(_ value: Bool) {
        separate()
        buffer.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    mutating func write(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { bytes in
            // Ids, numbers and stamps never need escaping: copy them in one go.
            guard bytes.contains(where: { $0 == Self.backslash || $0 == Self.tab || $0 == Self.newline || $0 == Self.carriageReturn }) else {
                buffer.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case Self.backslash: buffer.append(Self.backslash); buffer.append(Self.backslash)
                case Self.tab: buffer.append(Self.backslash); buffer.append(UInt8(ascii: "t"))
                case Self.newline: buffer.append(Self.backslash); buffer.append(UInt8(ascii: "n"))
                case Self.carriageReturn: buffer.append(Self.backslash); buffer.append(UInt8(ascii: "r"))
                default: buffer.append(byte)
                }
            }
        }
    }

    mutating func write(_ day: Day) {
        separate()
        day.withISOBytes { buffer.append(contentsOf: $0) }
    }

    mutating func write(_ timestamp: Timestamp) {
        separate()
        buffer.append(contentsOf: timestamp.description.utf8)
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        // Magnitude as UInt64 so Int64.min does not overflow.
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written in reverse
        let count = withUnsafeMutableBytes(of: &digits) { raw -> Int in
            var index = 0
            repeat {
                raw[index] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                index += 1
            } while magnitude > 0
            return index
        }
        withUnsafeBytes(of: &digits) { raw in
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }

    /// PostgreSQL's spelling of a double: shortest round-trip digits, and its words for the
    /// non-finite values.
    static func text(for value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }
}
