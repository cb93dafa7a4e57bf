import Foundation

/// Requests made, per ad account (nil: not tied to an account, e.g. OAuth). Thread-safe.
final class RequestCounter: @unchecked Sendable {
    // @unchecked: every access to `counts` holds `lock`.
    private let lock = NSLock()
    private var counts: [String?: Int] = [:]

    func increment(_ account: String?) {
        lock.lock()
        counts[account, default: 0] += 1
        lock.unlock()
    }

    func count(_ account: String?) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[account] ?? 0
    }

    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return counts.values.reduce(0, +)
    }
}
