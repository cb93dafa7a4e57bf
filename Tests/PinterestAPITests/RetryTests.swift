import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct RetryTests {
    static let account = #"{"id":"1","name":"A"}"#

    /// Answers with `replies` in order, then with the last one forever.
    static func scripted(_ replies: [Reply]) -> FakeTransport {
        let queue = Box(replies)
        return FakeTransport { _ in queue.update { $0.count > 1 ? $0.removeFirst() : $0[0] } }
    }

    @Test func rateLimitWaitsAsToldByTheResetHeader() async throws {
        let transport = Self.scripted([
            .json(#"{"code":8,"message":"Rate limit exceeded"}"#, status: 429, headers: ["x-ratelimit-reset": "0.3"]),
            .json(Self.account),
        ])
        let events = Box<[APIEvent]>([])
        let client = try Fixture.client(transport, events: events)
        let clock = ContinuousClock()
        let started = clock.now
        _ = try await client.adAccount(id: "1")
        #expect(clock.now - started >= .milliseconds(300))
        #expect(transport.requests.count == 2)
        let delays = events.get().compactMap { if case let .retry(_, delay, "1") = $0 { delay } else { nil } }
        #expect(delays == [.milliseconds(300)])
        #expect(client.requestCount(account: "1") == 2)
    }

    @Test func retryAfterMessageIsHonoured() async throws {
        let transport = Self.scripted([
            .json(#"{"code":2726,"message":"Reporting query cost limit exceeded. Retry after 0.2 seconds"}"#, status: 429),
            .json(#"{"code":1,"message":"Retry after 0.1 seconds"}"#, status: 400),
            .json(Self.account),
        ])
        let events = Box<[APIEvent]>([])
        _ = try await Fixture.client(transport, events: events).adAccount(id: "1")
        let delays = events.get().compactMap { if case let .retry(_, delay, _) = $0 { delay } else { nil } }
        #expect(delays == [.milliseconds(200), .milliseconds(100)])
    }

    @Test func rateLimitOutlastingTheBudgetExits75() async throws {
        let transport = Self.scripted([.json(#"{"code":8,"message":"Rate limit exceeded"}"#, status: 429)])
        let error = await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccount(id: "1") }
        #expect(error?.exitCode == 75)
        #expect(transport.requests.count == 4)   // maxAttempts
        #expect(error?.description.contains("/v5/ad_accounts/1") == true)
    }

    @Test func toldWaitBeyondTheTotalBudgetFailsAtOnce() async throws {
        let transport = Self.scripted([.json("{}", status: 429, headers: ["x-ratelimit-reset": "3600"])])
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccount(id: "1") }
        #expect(error?.exitCode == 75)
        // Not a speed test: it must not have waited the hour it was told.
        #expect(clock.now - started < .seconds(120))
        #expect(transport.requests.count == 1)
    }

    @Test func serverErrorsOutlastingTheBudgetExit69() async throws {
        let transport = Self.scripted([.json(#"{"code":500,"message":"oops"}"#, status: 503)])
        let error = await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccount(id: "1") }
        #expect(error?.exitCode == 69)
        #expect(transport.requests.count == 4)
    }

    @Test func networkFailuresAreRetried() async throws {
        let calls = Box(0)
        let transport = FakeTransport { _ in
            if calls.update({ $0 += 1; return $0 }) < 3 { throw URLError(.networkConnectionLost) }
            return .json(Self.account)
        }
        let record = try await Fixture.client(transport).adAccount(id: "1")
        #expect(record.id == "1")
        #expect(calls.get() == 3)
    }

    @Test func networkDownExits69() async throws {
        let transport = FakeTransport { _ in throw URLError(.cannotConnectToHost) }
        let error = await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccount(id: "1") }
        #expect(error?.exitCode == 69)
    }

    @Test func otherClientErrorsAreNotRetried() async throws {
        let transport = Self.scripted([.json(#"{"code":29,"message":"You are not permitted to access that resource."}"#, status: 403)])
        let error = await #expect(throws: PinterestAPIError.self) { try await Fixture.client(transport).adAccount(id: "1") }
        #expect(transport.requests.count == 1)
        #expect(error?.exitCode == 1)
        #expect(error?.description.contains("403") == true)
        #expect(error?.description.contains("code 29") == true)
        #expect(error?.description.contains("ad account 1") == true)
    }

    @Test func limiterSpacesRequests() async throws {
        let limiter = RateLimiter(requestsPerMinute: 1200, burst: 1)   // one per 50 ms
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }
        #expect(clock.now - started >= .milliseconds(195))
    }

    @Test func limiterAllowsABurst() async throws {
        let limiter = RateLimiter(requestsPerMinute: 60, burst: 5)
        // Five slots at once need no wait, however slowly this test runs; the sixth would.
        for _ in 0..<5 { #expect(await limiter.reserve() == .zero) }
        #expect(await limiter.reserve() > .zero)
    }

    @Test func clientLimiterIsSharedByAccounts() async throws {
        let transport = FakeTransport { _ in .json(Self.account) }
        let client = try Fixture.client(transport) { $0.requestsPerMinute = 600 }   // 100 ms apart after a burst of 60
        #expect(client.totalRequests == 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in 0..<4 { group.addTask { _ = try await client.adAccount(id: "\(account)") } }
            try await group.waitForAll()
        }
        #expect(client.totalRequests == 4)
        for account in 0..<4 { #expect(client.requestCount(account: "\(account)") == 1) }
    }

    @Test func backoffIsBoundedFullJitter() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for attempt in 1...20 {
            let delay = policy.backoff(afterAttempt: attempt)
            #expect(delay >= .zero && delay <= .seconds(1))
            if attempt == 1 { #expect(delay <= .milliseconds(100)) }
        }
    }

    @Test func exactIntegerParsing() throws {
        #expect(try ExactNumber.nonNegativeInt64("9223372036854775807") == Int64.max)
        #expect(try ExactNumber.nonNegativeInt64("12.000") == 12)
        #expect(try ExactNumber.nonNegativeInt64("1.5e3") == 1500)
        #expect(try ExactNumber.nonNegativeInt64("-0") == 0)
        #expect(throws: ExactNumber.Problem.notIntegral) { try ExactNumber.nonNegativeInt64("1.25") }
        #expect(throws: ExactNumber.Problem.negative) { try ExactNumber.nonNegativeInt64("-1") }
        #expect(throws: ExactNumber.Problem.overflow) { try ExactNumber.nonNegativeInt64("9223372036854775808") }
        #expect(ExactNumber.int64("-42") == -42)
    }
}
