import Foundation
import PinterestModel
@testable import PinterestSimulator
import Testing

@Suite struct FaultTests {
    let window = DayRange(first: testToday.adding(days: -10), last: testToday.adding(days: -1))!

    @Test func statusFaultsMatchPathsAndCount() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.faults = ["500x1@/ad_groups"] })
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[0].id
        try sim.inject("429x2@/campaigns, 503x1@/ads")
        #expect(try await client.get("/ad_accounts").status == 200)  // no fault matches
        for _ in 0..<2 {
            let limited = try await client.get("/ad_accounts/\(account)/campaigns")
            #expect(limited.status == 429)
            #expect(limited.json["code"] as? Int == 8)
            #expect(limited.header("x-ratelimit-limit") != nil)
            #expect(limited.header("x-ratelimit-remaining") == "0")
            #expect(Int(limited.header("x-ratelimit-reset") ?? "") != nil)
        }
        #expect(try await client.get("/ad_accounts/\(account)/campaigns").status == 200)
        #expect(try await client.get("/ad_accounts/\(account)/ads").status == 503)
        #expect(try await client.get("/ad_accounts/\(account)/ads").status == 200)
        let failed = try await client.get("/ad_accounts/\(account)/ad_groups")  // from options.faults
        #expect(failed.status == 500)
        #expect(failed.json["message"] is String)
        try sim.inject("500")
        #expect(try await client.get("/ad_accounts").status == 500)  // no @: any API request
        #expect(throws: SimulatorFaultError.self) { try sim.inject("418x2") }
        #expect(throws: SimulatorFaultError.self) { try sim.inject("slow:fast") }
        #expect(PinterestSimulator.faultGrammarHelp.contains("truncate"))
    }

    @Test func retrySlowAndReset() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        try sim.inject("retry:2s")
        let retry = try await client.get("/ad_accounts")
        #expect(retry.status == 429)
        #expect((retry.json["message"] as? String)?.contains("Retry after 2 seconds") == true)
        try sim.inject("slow:300ms")
        let started = Date()
        #expect(try await client.get("/ad_accounts").status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.29)
        try sim.inject("reset@/ad_accounts")
        // A fresh session, hence a fresh connection: clients silently retry a request whose
        // reused keep-alive connection dies, which would hide the reset.
        let fresh = TestClient(sim)
        await #expect(throws: (any Error).self) { _ = try await fresh.get("/ad_accounts") }
        #expect(try await client.get("/ad_accounts").status == 200)  // the server is still fine
    }

    @Test func reportFaults() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.reportPollsBeforeReady = 1 })
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[0].id
        try sim.inject("fail")
        let failing = try await client.createReport(account: account, range: window)
        #expect(try await client.pollUntilDone(account: account, token: failing)["report_status"] as? String == "FAILED")
        try sim.inject("expire")
        let expiring = try await client.createReport(account: account, range: window)
        #expect(try await client.pollUntilDone(account: account, token: expiring)["report_status"] as? String == "EXPIRED")

        let good = try await client.createReport(account: account, range: window)
        let done = try await client.pollUntilDone(account: account, token: good)
        let url = try #require(done["url"] as? String)
        let size = try #require(done["size"] as? Int)
        try sim.inject("malformed")
        let malformed = try await client.download(url)
        #expect(malformed.status == 200)
        #expect((try? JSONSerialization.jsonObject(with: malformed.data)) == nil)
        try sim.inject("truncate")
        do {
            let cut = try await client.download(url)
            #expect(cut.data.count < size)  // if the client hands back a short body at all
        } catch {
            // URLSession reports the short body as an error: also a valid way to see it.
        }
        let whole = try await client.download(url)
        #expect(whole.data.count == size)
        #expect(try parseReport(whole.data) == sim.oracle.deliveryRows(account: account, in: window))
    }

    @Test func rateLimitIsEnforcedWhenAsked() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.enforceRateLimit = true; $0.rateLimitPerMinute = 3 })
        defer { sim.stop() }
        let client = TestClient(sim)
        for n in 0..<3 {
            let ok = try await client.get("/ad_accounts")
            #expect(ok.status == 200)
            #expect(ok.header("x-ratelimit-remaining") == String(2 - n))
        }
        let limited = try await client.get("/ad_accounts")
        #expect(limited.status == 429)
        #expect(limited.json["code"] as? Int == 8)
        #expect(limited.header("x-ratelimit-limit") == "3")
        let reset = try #require(Int(limited.header("x-ratelimit-reset") ?? ""))
        #expect((1...60).contains(reset))
        // Reports are a separate category (ads_analytics).
        let account = sim.oracle.accounts[0].id
        #expect(try await client.get("/ad_accounts/\(account)/reports?token=x").status == 200)
    }
}
