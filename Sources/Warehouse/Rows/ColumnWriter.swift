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
