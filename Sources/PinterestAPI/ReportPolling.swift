import Foundation

/// How an async report is polled: within its first `briskPeriod` a report that becomes ready is
/// noticed within `briskMaxDelay` (most daily reports finish in seconds, and a run's wall time
/// should not be set by the backoff); after that, delays double from there up to `maxDelay`.
/// A report not finished within `timeout` fails.
public struct ReportPolling: Sendable {
    public var initialDelay: Duration
    public var maxDelay: Duration
    public var timeout: Duration
    public var briskPeriod: Duration
    public var briskMaxDelay: Duration

    public init(initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(10),
                timeout: Duration = .seconds(1800), briskPeriod: Duration = .seconds(60), briskMaxDelay: Duration = .seconds(2)) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.timeout = timeout
        self.briskPeriod = briskPeriod
        self.briskMaxDelay = briskMaxDelay
    }

    /// The pause before the next poll, after `previous`, when the report has been in progress
    /// for `waited`.
    public func delay(after previous: Duration, waited: Duration) -> Duration {
        let doubled = min(previous * 2, maxDelay)
        // Still brisk if the next poll would fall inside the brisk period.
        return waited + briskMaxDelay <= briskPeriod ? min(doubled, briskMaxDelay) : doubled
    }
}
