import PinterestModel

/// What the benchmark needs beyond the jobs' operations: the naive path it measures against, and
/// a clean table between passes. `package`: not part of the product.
extension Warehouse {
    /// What connectors commonly do: one INSERT per row, each its own autocommitted transaction.
    package func insertRowByRow<Rows: Sequence>(_ rows: Rows, stamp: RowStamp) throws -> Int where Rows.Element: WarehouseRow {
        let sql = Rows.Element.insertSQL
        var stored = 0
        for row in rows {
            var values = SQLValueList()
            row.write(to: &values)
            stamp.write(to: &values)
            stored += try execute(sql, values.values)
        }
        return stored
    }

    /// A PostgreSQL schema of the bench's own on a named server, so the warehouse's tables are
    /// never touched (`name` is the bench's own identifier, never user input).
    package func createSchema(_ name: String) throws { try executeScript("CREATE SCHEMA \"\(name)\"") }
    package func dropSchema(_ name: String) throws { try executeScript("DROP SCHEMA \"\(name)\" CASCADE") }

    /// Empties the delivery table and the run records, and (PostgreSQL, when the role may)
    /// checkpoints, so each pass starts from the same state.
    package func resetForBenchmark() throws {
        switch dialect {
        case .sqlite:
            try executeScript("DELETE FROM pinterest_data_delivery; DELETE FROM etl_runs")
        case .postgres:
            try executeScript("TRUNCATE pinterest_data_delivery; TRUNCATE etl_runs")
            try? executeScript("CHECKPOINT")
        }
    }
}
