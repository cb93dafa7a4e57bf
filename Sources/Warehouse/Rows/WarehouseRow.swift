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

    /// `INSERT INTO table (columns…, stamp columns…) VALUES ($1, …)`: one row, in `write(to:)`
    /// order followed by the stamp.
    package static var insertSQL: String {
        let columns = allColumnNames
        return "INSERT INTO \"\(tableName)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES ("
            + (1...columns.count).map { "$\($0)" }.joined(separator: ", ") + ")"
    }
}
