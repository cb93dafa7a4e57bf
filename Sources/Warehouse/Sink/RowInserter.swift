/// Hands rows to a bulk insert, checking each belongs to the load before it is written, and
/// every 256 rows whether the run was cancelled (SIGTERM): a load then stops and rolls back.
public final class RowInserter<Row: WarehouseRow> {
    private let accept: (Row) throws -> Void
    private let insertBody: (Row) throws -> Void
    public private(set) var count = 0

    init(accept: @escaping (Row) throws -> Void = { _ in }, insert: @escaping (Row) throws -> Void) {
        self.accept = accept
        self.insertBody = insert
    }

    public func insert(_ row: Row) throws {
        if count & 0xFF == 0xFF, Task.isCancelled { throw CancellationError() }
        try accept(row)
        try insertBody(row)
        count += 1
    }

    /// An inserter that checks `condition` first, then inserts through this one (so both count).
    func checking(_ condition: @escaping (Row) throws -> Void) -> RowInserter<Row> {
        RowInserter(accept: condition, insert: { try self.insert($0) })
    }
}

@available(*, unavailable)
extension RowInserter: Sendable {}
