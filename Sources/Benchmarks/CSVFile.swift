import Foundation
import PinterestModel
import Warehouse

/// The rows as a CSV file for `psql \copy` (RFC 4180 quoting where a value needs it).
enum CSVFile {
    static func write(_ rows: some Sequence<DeliveryRow>, to path: String, runId: String, loadedAt: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw BenchError("cannot create \(path)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var line = CSVLine()
        for row in rows {
            row.write(to: &line)
            line.write(runId)
            line.write(loadedAt)
            line.endRow()
            if line.bytes.count >= 1 << 20 {
                try handle.write(contentsOf: line.bytes)
                line.bytes.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: line.bytes)
    }
}

private struct CSVLine: ColumnWriter {
    var bytes: [UInt8] = []
    private var atRowStart = true

    private mutating func field(_ text: String) {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
        if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            bytes.append(contentsOf: ("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
        } else {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func endRow() {
        bytes.append(10)
        atRowStart = true
    }

    mutating func writeNull() { field("") }
    mutating func write(_ value: Int64) { field(String(value)) }
    mutating func write(_ value: Double) { field(String(value)) }
    mutating func write(_ value: Bool) { field(value ? "t" : "f") }
    mutating func write(_ value: String) { field(value) }
    mutating func write(_ day: Day) { field(day.description) }
    mutating func write(_ timestamp: Timestamp) { field(timestamp.description) }
}
