import PinterestModel

/// Receives a row's column values in table order. Each sink implements it once: SQLite binds
/// parameters, PostgreSQL encodes COPY text. Rows never pass through an array of boxed values.
public protocol ColumnWriter {
    mutating func writeNull()
    mutating func write(_ value: Int64)
    mutating func write(_ value: Double)
    mutating func write(_ value: Bool)
    mutating func write(_ value: String)
    mutating func write(_ day: Day)
    mutating func write(_ timestamp: Timestamp)
}

extension ColumnWriter {
    mutating func write(_ value: Int64?) { if let value { write(value) } else { writeNull() } }
    mutating func write(_ value: Double?) { if let value { write(value) } else { writeNull() } }
    mutating func write(_ value: Bool?) { if let value { write(value) } else { writeNull() } }
    mutating func write(_ value: String?) { if let value { write(value) } else { writeNull() } }
    /// API times arrive as Unix seconds.
    mutating func write(unixSeconds: Int64?) {
        if let unixSeconds { write(Timestamp(unixSeconds: unixSeconds)) } else { writeNull() }
    }
}

/// A row of one warehouse table: the table, its columns, and how to write its values.
public protocol WarehouseRow {
    static var tableName: String { get }
    /// The columns `write(to:)` fills, in order. The sink appends the stamp columns.
    static var columnNames: [String] { get }
    /// The bookkeeping columns the sink adds after the row's own.
    static var stampColumns: [String] { get }
    func write<Writer: ColumnWriter>(to writer: inout Writer)
    /// The row's key, for messages (e.g. a duplicate in one load).
    var keyDescription: String { get }
}

extension WarehouseRow {
    static var allColumnNames: [String] { columnNames + stampColumns }
    /// The row's key, for messages (e.g. a duplicate in one load).
    public var keyDescription: String { "a row" }
}

/// The bookkeeping values written after each row's own columns: the same for every row of a load,
/// so the timestamp is formatted once, not once per row.
public struct RowStamp: Sendable {
    let runId: String?
    let atText: String

    /// Delivery rows carry `run_id` and `loaded_at`.
    public static func delivery(runId: String, loadedAt: Timestamp) -> RowStamp {
        RowStamp(runId: runId, atText: loadedAt.description)
    }

    /// Lookup rows carry `refreshed_at`.
    public static func lookup(refreshedAt: Timestamp) -> RowStamp {
        RowStamp(runId: nil, atText: refreshedAt.description)
    }

    func write<Writer: ColumnWriter>(to writer: inout Writer) {
        if let runId { writer.write(runId) }
        writer.write(atText)
    }
}
