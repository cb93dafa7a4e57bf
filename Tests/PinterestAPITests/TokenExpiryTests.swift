import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

/// When a 401 means "expired" (refresh again) and when it means "revoked" (exit 77).
@Suite struct TokenExpiryTests {
    static let account = #"{"id":"549755885175","name":"ACME","currency":"USD","country":"US"}"#

    /// Tokens pina.1, pina.2, … minted in turn; token n works for `lifetimes[n-1]` requests (429s
    /// count), and its first `storms[n-1]` requests are answered 429 (the last entry of each
    /// list holds for every later token).
    final class ExpiringTokens: Sendable {
        let lifetimes: [Int]
        let storms: [Int]
        /// (tokens minted, uses per token)
        let state = Box<(minted: Int, uses: [String: Int])>((0, [:]))

        init(lifetime: Int, stormed: Int) {
            self.lifetimes = [lifetime]
            self.storms = [stormed]
        }

        init(lifetimes: [Int], storms: [Int]) {
            self.lifetimes = lifetimes
            self.storms = storms
        }

        func profile(_ token: String) -> (lifetime: Int, stormed: Int) {
            let index = max(0, (Int(token.dropFirst("pina.".count)) ?? 1) - 1)
            return (lifetimes[min(index, lifetimes.count - 1)], storms[min(index, storms.count - 1)])
        }

        func transport() -> FakeTransport {
            FakeTransport { request in
                if request.url!.path.hasSuffix("/oauth/token") {
                    let number = self.state.update { state -> Int in state.minted += 1; return state.minted }
                    return Fixture.tokenResponse(access: "pina.\(number)", refresh: "pinr.\(number)")
                }
                let token = String((request.value(forHTTPHeaderField: "Authorization") ?? "").dropFirst("Bearer ".count))
                let use = self.state.update { state -> Int in state.uses[token, default: 0] += 1; return state.uses[token]! }
                let (lifetime, stormed) = self.profile(token)
                if use > lifetime { return .json(#"{"code":2,"message":"Authentication failed."}"#, status: 401) }
                if use <= stormed { return .json(#"{"code":8,"message":"Rate limit exceeded."}"#, status: 429, headers: ["x-ratelimit-reset": "0"]) }
                return .json(TokenExpiryTests.account)
            }
        }
    }

    static func client(_ transport: FakeTransport) throws -> (PinterestClient, PinterestAPIConfiguration) {
        let configuration = Fixture.configuration(directory: Fixture.temporaryDirectory(), bootstrap: "pinr.0")
        return (PinterestClient(configuration: configuration, transport: transport), configuration)
    }

    @Test("a fresh token that served rate-limited retries and then answers 401 has expired: refreshed, not revoked")
    func tokenExpiringDuringRetriesIsRefreshed() async throws {
        // Token 1 serves one call, then expires. The second call refreshes to token 2, which is
        // rate-limited three times and expires under those retries (they count): a third token,
        // not exit 77, is the answer, and the call succeeds with it.
        let world = ExpiringTokens(lifetimes: [1, 3, 100], storms: [0, 3, 0])
        let (client, _) = try Self.client(world.transport())
        for _ in 0..<2 {
            let record = try await client.adAccount(id: "549755885175")
            #expect(record.name == "ACME")
        }
        #expect(world.state.get().minted == 3)
    }

    @Test("many calls with tokens that last two requests each: every call succeeds")
    func shortLivedTokensUnderAStorm() async throws {
        let world = ExpiringTokens(lifetime: 2, stormed: 1)
        let (client, _) = try Self.client(world.transport())
        for _ in 0..<20 { _ = try await client.adAccount(id: "549755885175") }
        #expect(world.state.get().minted >= 10)
    }

    @Test("a token Pinterest just issued and refused on its very first use: the grant is revoked (77)")
    func freshTokenRefusedAtFirstUseIsRevoked() async throws {
        let world = ExpiringTokens(lifetime: 0, stormed: 0)
        let (client, _) = try Self.client(world.transport())
        let error = await #expect(throws: PinterestAPIError.self) { try await client.adAccount(id: "549755885175") }
        guard case .authorizationRejected(let reason)? = error else {
            Issue.record("expected authorizationRejected, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("just issued"))
        #expect(error?.exitCode == 77)
        #expect(world.state.get().minted == 1, "no second refresh for a token refused at once")
    }

    @Test("tokens that keep expiring are bounded per request: a temporary failure (75), not a revocation")
    func refreshesPerRequestAreBounded() async throws {
        // Every token answers one 429 and then 401: it "served" a request, so each 401 earns a
        // refresh, up to the per-request bound.
        let world = ExpiringTokens(lifetime: 1, stormed: 1)
        let (client, _) = try Self.client(world.transport())
        let error = await #expect(throws: PinterestAPIError.self) { try await client.adAccount(id: "549755885175") }
        guard case .tokensKeepExpiring? = error else {
            Issue.record("expected tokensKeepExpiring, got \(String(describing: error))")
            return
        }
        #expect(error?.exitCode == 75)
        #expect(world.state.get().minted == 1 + PinterestClient.maxRefreshesPerRequest)
    }
}
