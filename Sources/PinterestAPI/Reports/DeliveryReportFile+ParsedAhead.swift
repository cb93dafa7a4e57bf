import Foundation
import PinterestModel

extension DeliveryReportFile {
    /// Like `forEachRow`, but the file is parsed on a thread of its own, a few batches ahead of
    /// `body`: parsing JSON costs about as much as inserting the row, so the two then run on two
    /// cores instead of taking turns on one, while the download still arrives. If `body` throws,
    /// a download still running is stopped. Memory stays bounded (at most `depth` batches of
    /// `batchSize` rows wait). Errors are the same as `forEachRow`'s, in the same order: rows before
    /// a damaged spot reach `body`, then the parse error is thrown; an error from `body` stops the
    /// parser. The parser has stopped by the time this returns or throws.
    @discardableResult
    public func forEachRowParsedAhead(batchSize: Int = 512, depth: Int = 4,
                                      _ body: (DeliveryRow) throws -> Void) throws -> Int {
        try parsedAhead(batchSize: batchSize, depth: depth, parse: { try $0.forEachRow($1) }, body)
    }

    /// `forEachTargetingRow`, parsed ahead on a thread of its own as `forEachRowParsedAhead`.
    @discardableResult
    public func forEachTargetingRowParsedAhead(batchSize: Int = 512, depth: Int = 4,
                                               _ body: (TargetingRow) throws -> Void) throws -> Int {
        try parsedAhead(batchSize: batchSize, depth: depth, parse: { try $0.forEachTargetingRow($1) }, body)
    }

    private func parsedAhead<Row: Sendable>(
        batchSize: Int, depth: Int,
        parse: @escaping @Sendable (DeliveryReportFile, (Row) throws -> Void) throws -> Int,
        _ body: (Row) throws -> Void
    ) throws -> Int {
        let batchSize = max(1, batchSize)
        let channel = RowBatchChannel<Row>(depth: depth)
        Thread.detachNewThread { [self] in
            var batch = channel.emptyBatch(capacity: batchSize)
            let outcome = Result {
                try parse(self) { row in
                    batch.append(row)
                    if batch.count == batchSize {
                        guard channel.put(batch) else { throw CancellationError() }
                        batch = channel.emptyBatch(capacity: batchSize)
                    }
                }
            }
            // The rows before a damaged spot are delivered too, as `forEachRow` would have.
            if !batch.isEmpty { _ = channel.put(batch) }
            channel.finish(outcome)
        }
        var drained = false
        defer {
            // Stopped early: a parser waiting for more of the download must not wait it out.
            if !drained { stopDownload() }
            channel.stopAndWait()
        }
        while var batch = try channel.take() {
            for row in batch { try body(row) }
            batch.removeAll(keepingCapacity: true)
            channel.recycle(batch)
        }
        drained = true
        return try channel.parsedCount()
    }
}

/// A bounded queue of row batches from the parser thread to the loader, with the parser's
/// outcome at its end. Emptied batches go back to the parser: without that, each batch was a
/// fresh allocation made on one thread and freed on the other.
private final class RowBatchChannel<Row>: @unchecked Sendable {
    // @unchecked: every field is touched only with `condition` locked.
    private let condition = NSCondition()
    private let depth: Int
    private var batches: [[Row]] = []
    private var spare: [[Row]] = []
    private var outcome: Result<Int, any Error>?
    private var stopped = false

    init(depth: Int) { self.depth = max(1, depth) }

    /// Parser side: waits for room; false once the loader has stopped listening.
    func put(_ batch: [Row]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth && !stopped { condition.wait() }
        guard !stopped else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Parser side: an emptied batch to fill, or a new one.
    func emptyBatch(capacity: Int) -> [Row] {
        condition.lock()
        let recycled = spare.popLast()
        condition.unlock()
        if let recycled { return recycled }
        var batch: [Row] = []
        batch.reserveCapacity(capacity)
        return batch
    }

    /// Loader side: hands an emptied batch back.
    func recycle(_ batch: [Row]) {
        condition.lock()
        if spare.count <= depth { spare.append(batch) }
        condition.unlock()
    }

    func finish(_ result: Result<Int, any Error>) {
        condition.lock()
        outcome = result
        condition.broadcast()
        condition.unlock()
    }

    /// Loader side: the next batch; nil at the end of a good file; the parse error otherwise.
    func take() throws -> [Row]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && outcome == nil { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if case .failure(let error) = outcome { throw error }
        return nil
    }

    func parsedCount() throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        return try outcome?.get() ?? 0
    }

    /// Tells the parser to stop and waits until it has (the file may be deleted next).
    func stopAndWait() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while outcome == nil { condition.wait() }
        condition.unlock()
    }
}
