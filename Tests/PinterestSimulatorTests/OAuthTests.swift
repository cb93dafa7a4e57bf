import Foundation
import PinterestModel
@testable import PinterestSimulator
import Testing

@Suite struct OAuthTests {
    @Test func refreshRotatesAndOldRefreshTokenIsRefused() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        let first = try await client.tokenRequest("grant_type=refresh_token&refresh_token=pinr.sim-initial-refresh-token&continuous_refresh=true")
        #expect(first.status == 200, "\(first.text)")
        let body = first.json
        #expect(body["token_type"] as? String == "bearer")
        #expect(body["expires_in"] as? Int == 2_592_000)
        #expect(body["refresh_token_expires_in"] as? Int == 5_184_000)
        #expect(body["refresh_token_expires_at"] is Int)
        #expect(body["scope"] as? String == "ads:read,user_accounts:read")
        #expect(body["response_type"] as? String == "refresh_token")
        let access = try #require(body["access_token"] as? String)
        let refresh = try #require(body["refresh_token"] as? String)
        #expect(access.hasPrefix("pina.") && refresh.hasPrefix("pinr."))
        #expect(refresh != "pinr.sim-initial-refresh-token")
        #expect(sim.currentRefreshToken == refresh)
        // The new access token works; the old refresh token does not.
        #expect(try await client.get("/ad_accounts", token: access).status == 200)
        let reused = try await client.tokenRequest("grant_type=refresh_token&refresh_token=pinr.sim-initial-refresh-token")
        #expect(reused.status == 401)
        #expect(reused.json["code"] as? Int == 2)
        let second = try await client.tokenRequest("grant_type=refresh_token&refresh_token=\(refresh)")
        #expect(second.status == 200)
        // The request record holds the Basic header verbatim (for tests only).
        #expect(sim.requests.last?.header("Authorization")?.hasPrefix("Basic ") == true)
    }

    @Test func basicAuthAndGrantValidation() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        let form = "grant_type=refresh_token&refresh_token=pinr.sim-initial-refresh-token"
        #expect(try await client.tokenRequest(form, secret: "wrong").status == 401)
        #expect(try await client.tokenRequest(form, clientId: "other").status == 401)
        let noBasic = try await client.send("POST", url: sim.baseURL.appendingPathComponent("oauth/token"),
                                            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
        #expect(noBasic.status == 401)
        #expect(try await client.tokenRequest("grant_type=password").status == 400)
        #expect(try await client.tokenRequest("grant_type=refresh_token").status == 400)
        // Rejected attempts did not consume the token.
        #expect(try await client.tokenRequest(form).status == 200)
    }

    @Test func authorizationCodeExchangeIsSingleUse() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        let redirect = "http%3A%2F%2Flocalhost%3A8085%2Fcallback"
        #expect(try await client.tokenRequest("grant_type=authorization_code&code=sim-authorization-code&redirect_uri=http%3A%2F%2Fevil").status == 401)
        #expect(try await client.tokenRequest("grant_type=authorization_code&code=nope&redirect_uri=\(redirect)").status == 401)
        let ok = try await client.tokenRequest("grant_type=authorization_code&code=sim-authorization-code&redirect_uri=\(redirect)")
        #expect(ok.status == 200)
        #expect(ok.json["response_type"] as? String == "authorization_code")
        #expect(ok.json["refresh_token"] as? String == sim.currentRefreshToken)
        #expect(try await client.tokenRequest("grant_type=authorization_code&code=sim-authorization-code&redirect_uri=\(redirect)").status == 401)
    }

    @Test func bearerTokensAreChecked() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.accessTokenLifetime = 60 })
        defer { sim.stop() }
        let client = TestClient(sim)
        #expect(try await client.get("/ad_accounts").status == 200)
        #expect(try await client.get("/ad_accounts", token: "pina.unknown").status == 401)
        let missing = try await client.send("GET", url: sim.baseURL.appendingPathComponent("ad_accounts"))
        #expect(missing.status == 401)
        #expect(missing.json["code"] as? Int == 2)
        // The simulator's clock jumps past the lifetime: no sleep, no race with a slow machine.
        sim.advanceClock(by: 61)
        let expired = try await client.get("/ad_accounts")
        #expect(expired.status == 401)
        #expect(expired.json["message"] as? String == "Authentication failed.")
    }

    @Test func expireAndRevoke() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        #expect(try await client.get("/ad_accounts").status == 200)
        sim.expireAccessTokens()
        #expect(try await client.get("/ad_accounts").status == 401)
        let fresh = sim.issueAccessToken()
        #expect(try await client.get("/ad_accounts", token: fresh).status == 200)
        try sim.inject("expire-token")
        #expect(try await client.get("/ad_accounts", token: fresh).status == 401)
        try sim.inject("revoke")
        #expect(try await client.tokenRequest("grant_type=refresh_token&refresh_token=\(sim.currentRefreshToken)").status == 401)
    }
}
