import PinterestModel

/// A row's values as a parameter list, for statements that bind one row at a time.
struct SQLValueList: ColumnWriter {
    var values: [SQLValue] = []
    mutating func writeNull() { values.append(.null) }
    mutating func write(_ value: Int64) { values.append(.integer(value)) }
    mutating func write(_ value: Double) { values.append(.double(value)) }
    mutating func write(_ value: Bool) { values.append(.integer(value ? 1 : 0)) }
    mutating func write(_ value: String) { values.append(.text(value)) }
    mutating func write(_ day: Day) { values.append(.text(day.description)) }
    mutating func write(_ timestamp: Timestamp) { values.append(.text(timestamp.description)) }
}
