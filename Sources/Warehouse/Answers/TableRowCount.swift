import PinterestModel

/// How many rows one table holds.
public struct TableRowCount: Sendable, Equatable {
    public let table: String
    public let rows: Int
}
