import Foundation

/// Rows fetched from Pinterest and held until the warehouse takes them in one short
/// transaction, so no API call ever runs while a write lock is held. An ordinary account stays
/// in memory; past `memoryLimit` rows the spool moves to a temporary file (one JSON object a
/// line), so memory stays bounded for an account of 100,000 ads.
///
/// Not `Sendable`: one account's task fills it and then drains it.
final class RowSpool<Row: Codable> {
    private let memoryLimit: Int
    private var rows: [Row] = []
    private var file: (path: String, handle: FileHandle)?
    private var buffer = Data()
    private(set) var count = 0

    init(memoryLimit: Int = 5_000) { self.memoryLimit = max(1, memoryLimit) }

    deinit {
        if let file {
            try? file.handle.close()
            unlink(file.path)
        }
    }

    func append(contentsOf page: [Row]) throws {
        count += page.count
        if file == nil, rows.count + page.count <= memoryLimit {
            rows.append(contentsOf: page)
            return
        }
        if file == nil { try spill() }
        let encoder = JSONEncoder()
        for row in page {
            buffer.append(try encoder.encode(row))
            buffer.append(10)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Calls `body` with every row, in the order they were appended.
    func forEach(_ body: (Row) throws -> Void) throws {
        guard let file else {
            for row in rows { try body(row) }
            return
        }
        try flush()
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path))
        defer { try? reader.close() }
        let decoder = JSONDecoder()
        var pending = Data()
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 10) {
                try body(try decoder.decode(Row.self, from: pending[start..<newline]))
                start = pending.index(after: newline)
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
    }

    /// The temporary file the rows went to, if they did.
    var spillPath: String? { file?.path }

    private func spill() throws {
        let path = NSTemporaryDirectory() + "pinterest-etl-spool-\(UUID().uuidString).jsonl"
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        file = (path, try FileHandle(forWritingTo: URL(fileURLWithPath: path)))
        let held = rows
        rows = []
        let encoder = JSONEncoder()
        for row in held {
            buffer.append(try encoder.encode(row))
            buffer.append(10)
        }
    }

    private func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        try file.handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

@available(*, unavailable)
extension RowSpool: Sendable {}
