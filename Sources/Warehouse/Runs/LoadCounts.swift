/// What a replace did.
public struct LoadCounts: Sendable, Equatable {
    public var rowsDeleted: Int
    public var rowsWritten: Int

    public init(rowsDeleted: Int = 0, rowsWritten: Int = 0) {
        self.rowsDeleted = rowsDeleted
        self.rowsWritten = rowsWritten
    }
}
