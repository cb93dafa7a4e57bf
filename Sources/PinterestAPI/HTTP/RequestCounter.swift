import Synchronization

/// Requests made, per ad account (nil: not tied to an account, e.g. OAuth). Thread-safe.
final class RequestCounter: Sendable {
    private let counts = Mutex<[String?: Int]>([:])

    func increment(_ account: String?) { counts.withLock { $0[account, default: 0] += 1 } }

    func count(_ account: String?) -> Int { counts.withLock { $0[account] ?? 0 } }

    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}
