/// Client-side request pacing shared by every task using one client: a GCRA token bucket
/// allowing `requestsPerMinute` on average and a small burst.
actor RateLimiter {
    private let interval: Duration
    private let burstTolerance: Duration
    private var theoreticalArrival: ContinuousClock.Instant
    private let clock = ContinuousClock()

    init(requestsPerMinute: Int, burst: Int? = nil) {
        let rate = max(requestsPerMinute, 1)
        let burstSize = max(burst ?? max(rate / 10, 1), 1)
        self.interval = .seconds(60) / rate
        self.burstTolerance = self.interval * (burstSize - 1)
        self.theoreticalArrival = clock.now
    }

    /// Waits until the next request may go. The slot is reserved before sleeping, so waiting
    /// callers are served in order.
    func acquire() async throws {
        let wait = reserve()
        if wait > .zero { try await Task.sleep(for: wait) }
    }

    /// Reserves the next slot and returns how long to wait for it (zero within the burst).
    func reserve() -> Duration {
        let now = clock.now
        let arrival = max(theoreticalArrival, now)
        let allowedAt = arrival - burstTolerance
        theoreticalArrival = arrival + interval
        return allowedAt > now ? allowedAt - now : .zero
    }
}
