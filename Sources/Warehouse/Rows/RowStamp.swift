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
