import Foundation
import PinterestModel
import Warehouse

/// The load-throughput figures: the same synthetic rows through the real sink code
/// (`replaceDeliveryWindow`), the naive path (one autocommitted insert per row) and the floor.
/// Every measurement starts from an empty, migrated table with its primary key in place.
enum LoadBenchmarks {
    static let runId = "bench-run"

    /// Times `body`, after writing back what earlier measurements left in the page cache, so
    /// one figure does not pay for its predecessor's disk writes.
    static func timed(_ body: () async throws -> Int) async rethrows -> LoadFigure {
        sync()
        let start = ContinuousClock.now
        let rows = try await body()
        let elapsed = ContinuousClock.now - start
        return LoadFigure(rows: rows, seconds: elapsed.seconds)
    }

    // MARK: SQLite

    /// A new, migrated SQLite file in `directory`.
    static func freshSQLite(_ directory: String, _ name: String) async throws -> String {
        let path = directory + "/" + name
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let warehouse = try Warehouse.open(.sqlite(path: path))
        defer { warehouse.close() }
        try await warehouse.migrate()
        return path
    }

    static func sqliteSink(_ rows: SyntheticDeliveryRows, directory: String) async throws -> LoadFigure {
        let path = try await freshSQLite(directory, "sink.sqlite")
        let sink = try Warehouse.open(.sqlite(path: path))
        defer { sink.close() }
        let figure = try await sinkLoad(rows, into: sink)
        try expectCount(rows.count, in: sink)
        return figure
    }

    static func sqliteFloor(_ rows: some Sequence<DeliveryRow>, count: Int, directory: String) async throws -> LoadFigure {
        let path = try await freshSQLite(directory, "floor.sqlite")
        let figure = try await timed {
            try SQLitePlainLoop.insert(rows, path: path, runId: runId, loadedAt: Timestamp.now().description)
        }
        let sink = try Warehouse.open(.sqlite(path: path))
        defer { sink.close() }
        try expectCount(count, in: sink)
        return figure
    }

    static func sqliteNaive(_ rows: SyntheticDeliveryRows, directory: String) async throws -> LoadFigure {
        let path = try await freshSQLite(directory, "naive.sqlite")
        let sink = try Warehouse.open(.sqlite(path: path))
        defer { sink.close() }
        let figure = try await naiveLoad(rows, into: sink)
        try expectCount(rows.count, in: sink)
        return figure
    }

    // MARK: PostgreSQL

    /// Opens the bench database with the schema in place and the delivery table empty.
    static func emptyPostgres(_ server: BenchPostgres) async throws -> Warehouse {
        let sink = try Warehouse.open(SinkURL(server.url))
        do {
            try await sink.migrate()
            try sink.resetForBenchmark()
        } catch {
            sink.close()
            throw error
        }
        return sink
    }

    static func postgresSink(_ rows: SyntheticDeliveryRows, server: BenchPostgres) async throws -> LoadFigure {
        let sink = try await emptyPostgres(server)
        defer { sink.close() }
        let figure = try await sinkLoad(rows, into: sink)
        try expectCount(rows.count, in: sink)
        return figure
    }

    static func postgresNaive(_ rows: SyntheticDeliveryRows, server: BenchPostgres) async throws -> LoadFigure {
        let sink = try await emptyPostgres(server)
        defer { sink.close() }
        let figure = try await naiveLoad(rows, into: sink)
        try expectCount(rows.count, in: sink)
        return figure
    }

    /// `psql \copy … FROM 'file' CSV` of the same rows; writing the file is not timed.
    static func postgresCopy(_ rows: some Sequence<DeliveryRow>, count: Int, server: BenchPostgres,
                             directory: String) async throws -> LoadFigure {
        let file = directory + "/rows.csv"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try CSVFile.write(rows, to: file, runId: runId, loadedAt: Timestamp.now().description)
        let sink = try await emptyPostgres(server)
        defer { sink.close() }
        let columns = (DeliveryRow.columnNames + DeliveryRow.stampColumns).joined(separator: ", ")
        let figure = try await timed {
            try await server.psql(["-c", "\\copy pinterest_data_delivery (\(columns)) FROM '\(file)' CSV"])
            return count
        }
        try expectCount(count, in: sink)
        return figure
    }

    // MARK: Shared

    /// The product's path: one window replace, as the delivery job runs it.
    static func sinkLoad(_ rows: SyntheticDeliveryRows, into sink: Warehouse) async throws -> LoadFigure {
        let run = RunRecord(runId: runId, job: .delivery, adAccountId: rows.account, window: rows.window)
        return try await timed {
            try await sink.replaceDeliveryWindow(account: rows.account, window: rows.window, run: run) { inserter in
                for row in rows { try inserter.insert(row) }
            }.rowsWritten
        }
    }

    /// What connectors commonly do: one insert per row, each its own transaction.
    static func naiveLoad(_ rows: SyntheticDeliveryRows, into sink: Warehouse) async throws -> LoadFigure {
        let stamp = RowStamp.delivery(runId: runId, loadedAt: .now())
        return try await timed { try sink.insertRowByRow(rows, stamp: stamp) }
    }

    static func expectCount(_ expected: Int, in sink: Warehouse) throws {
        let count = try sink.rowCount(of: DeliveryRow.self)
        guard count == expected else { throw BenchError("expected \(expected) rows in \(sink.location), found \(count)") }
    }
}
