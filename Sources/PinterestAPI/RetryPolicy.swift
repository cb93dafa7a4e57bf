import Foundation
import PinterestModel

/// Retry budget for rate limits (429), server errors (5xx) and network failures.
///
/// A request is tried at most `maxAttempts` times and never waits more than `maxTotalWait`
/// in total; between attempts it waits as Pinterest says (`x-ratelimit-reset`, "Retry after N
/// seconds") or, failing that, an exponential backoff with full jitter capped at `maxDelay`.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxTotalWait: Duration
    /// Per-request timeout, seconds.
    public var requestTimeout: TimeInterval

    public init(maxAttempts: Int = 8, baseDelay: Duration = .milliseconds(500),
                maxDelay: Duration = .seconds(60), maxTotalWait: Duration = .seconds(900),
                requestTimeout: TimeInterval = 60) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
        self.requestTimeout = requestTimeout
    }

    /// Full-jitter backoff after the `attempt`-th failure (1-based): uniform in 0...min(maxDelay, base·2^(attempt-1)).
    func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let ceiling = min(baseDelay.seconds * pow(2, exponent), maxDelay.seconds)
        return .seconds(Double.random(in: 0...max(ceiling, 0)))
    }
}

