import Foundation

/// How far a report download has got, shared by the download (which writes the file) and the
/// parser (which reads it as it grows): the parser starts on the first bytes instead of waiting
/// for the last, and waits, off the cooperative pool, whenever it catches up with the network.
///
/// The transport reports the first successful response and each write; the client ends it once,
/// with success or with the error the reader should throw. A transport that reports nothing
/// (a test fake writing the whole file at once) still works: the client then starts the reader
/// only after the download has ended.
public final class DownloadProgress: @unchecked Sendable {
    // @unchecked: every field is touched only with `condition` locked.
    private let condition = NSCondition()
    private var written: Int64 = 0
    private var streaming = false
    private var end: Result<Void, any Error>?
    private var firstSignal: CheckedContinuation<Void, Never>?

    public init() {}

    /// Bytes of the body in the file so far.
    public var bytesWritten: Int64 { locked { written } }

    /// True once a 2xx response has begun to arrive: from then on the file only grows, and a
    /// retried request must resume it (`StreamingDownloads` skips and checks what it already has).
    public var hasStreamed: Bool { locked { streaming } }

    /// Transport: a 2xx response arrived; its body follows.
    public func responded() {
        let waiter = locked { () -> CheckedContinuation<Void, Never>? in
            streaming = true
            defer { firstSignal = nil }
            return firstSignal
        }
        waiter?.resume()
    }

    /// Transport: the file now holds `total` bytes of the body.
    public func wrote(total: Int64) {
        condition.lock()
        written = total
        condition.broadcast()
        condition.unlock()
    }

    /// Client: the download is over. Only the first call counts.
    public func finish(_ outcome: Result<Void, any Error>) {
        let waiter = locked { () -> CheckedContinuation<Void, Never>? in
            guard end == nil else { return nil }
            end = outcome
            condition.broadcast()
            defer { firstSignal = nil }
            return firstSignal
        }
        waiter?.resume()
    }

    /// Suspends until the body has begun to arrive or the download has ended, whichever is first.
    func started() async {
        await withCheckedContinuation { continuation in
            let ready = locked { () -> Bool in
                if streaming || end != nil { return true }
                firstSignal = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The outcome, once ended.
    var outcome: Result<Void, any Error>? { locked { end } }

    /// Reader: blocks until the file holds more than `offset` bytes (true) or the download has
    /// ended (false after success, the error after a failure). Call it on a thread you own.
    func waitForBytes(beyond offset: Int64) throws -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while written <= offset && end == nil { condition.wait() }
        if written > offset { return true }
        try end?.get()
        return false
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
