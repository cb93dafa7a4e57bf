import Foundation

/// How an async report is polled: delays double from `initialDelay` up to `maxDelay`;
/// a report not finished within `timeout` fails.
public struct ReportPolling: Sendable {
    public var initialDelay: Duration
    public var maxDelay: Duration
    public var timeout: Duration

    public init(initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(10),
                timeout: Duration = .seconds(1800)) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.timeout = timeout
    }
}
