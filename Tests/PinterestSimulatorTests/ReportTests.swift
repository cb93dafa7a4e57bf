import Foundation
import PinterestModel
@testable import PinterestSimulator
import Testing

@Suite struct ReportTests {
    let window = DayRange(first: testToday.adding(days: -20), last: testToday.adding(days: -1))!

    /// A simulator (stop it when done) with one report requested for account `index` over `window`.
    func requestedReport(pollsBeforeReady: Int, account index: Int) async throws
        -> (sim: PinterestSimulator, client: TestClient, account: String, token: String) {
        let sim = try await PinterestSimulator.start(makeOptions { $0.reportPollsBeforeReady = pollsBeforeReady })
        let client = TestClient(sim)
        let account = sim.oracle.accounts[index].id
        return (sim, client, account, try await client.createReport(account: account, range: window))
    }

    @Test func lifecycleAndFileMatchesOracleExactly() async throws {
        let (sim, client, account, token) = try await requestedReport(pollsBeforeReady: 3, account: 0)
        defer { sim.stop() }
        for _ in 0..<3 {
            let status = try await client.poll(account: account, token: token)
            #expect(status["report_status"] as? String == "IN_PROGRESS")
            #expect(status["url"] is NSNull)
        }
        let done = try await client.poll(account: account, token: token)
        #expect(done["report_status"] as? String == "FINISHED")
        let url = try #require(done["url"] as? String)
        #expect(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=300"))
        let file = try await client.download(url)
        #expect(file.status == 200)
        #expect(done["size"] as? Int == file.data.count)
        let rows = try parseReport(file.data)
        let expected = sim.oracle.deliveryRows(account: account, in: window)
        #expect(!expected.isEmpty)
        #expect(rows.count == expected.count)
        #expect(rows == expected)  // every id and metric, including the fractional watch time
        #expect(expected.allSatisfy { !$0.hasNoMetrics })
        #expect(expected.contains { $0.videoAvgWatchSeconds != 0 && $0.videoAvgWatchSeconds != $0.videoAvgWatchSeconds.rounded() })
        // Ad-days without delivery are absent: fewer rows than ads × days.
        #expect(rows.count < sim.oracle.ads(account: account).count * window.dayCount)
        // The report body was recorded without being printed.
        #expect(sim.requests.contains { $0.method == "POST" && $0.path.hasSuffix("/reports") && !$0.body.isEmpty })
        // Unknown token.
        let unknown = try await client.poll(account: account, token: "nope")
        #expect(unknown["report_status"] as? String == "DOES_NOT_EXIST")
    }

    @Test func downloadRejectsAuthorizationAndExpires() async throws {
        let (sim, client, account, token) = try await requestedReport(pollsBeforeReady: 0, account: 1)
        defer { sim.stop() }
        let url = try #require(try await client.pollUntilDone(account: account, token: token)["url"] as? String)
        let withAuth = try await client.send("GET", url: URL(string: url)!, headers: ["Authorization": "Bearer \(client.token)"])
        #expect(withAuth.status == 400)
        #expect(withAuth.text.contains("InvalidArgument"))
        let forged = try await client.download(url.replacingOccurrences(of: "X-Amz-Signature=", with: "X-Amz-Signature=0"))
        #expect(forged.status == 403)
        #expect(try await client.download(url).status == 200)
        sim.advanceClock(by: 301)  // past the 300 s URL lifetime
        let expired = try await client.download(url)
        #expect(expired.status == 403)
        #expect(expired.text.contains("<Code>AccessDenied</Code>"))
        // A fresh poll hands out a fresh, working URL.
        let again = try #require(try await client.poll(account: account, token: token)["url"] as? String)
        #expect(again != url)
        let file = try await client.download(again)
        #expect(file.status == 200)
        #expect(try parseReport(file.data) == sim.oracle.deliveryRows(account: account, in: window))
    }

    @Test func columnSubsetsLeaveOutZeroRowsAndIdsCanBeNumbers() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.reportPollsBeforeReady = 0; $0.reportIdsAsNumbers = true })
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[0].id
        let columns = ["PIN_PROMOTION_ID", "TOTAL_LEAD"]
        let token = try await client.createReport(account: account, range: window, columns: columns)
        let url = try #require(try await client.pollUntilDone(account: account, token: token)["url"] as? String)
        let file = try await client.download(url)
        let text = file.text
        // Ids are written as exact integer literals, never through a Double.
        let expected = sim.oracle.deliveryRows(account: account, in: window).filter { $0.leads != 0 }
        #expect(!expected.isEmpty)
        for row in expected.prefix(5) { #expect(text.contains("\"PIN_PROMOTION_ID\":\(row.pinPromotionId)")) }
        let object = try JSONSerialization.jsonObject(with: file.data) as! [String: [[String: Any]]]
        let rows = object.values.flatMap { $0 }
        #expect(rows.count == expected.count)
        #expect(rows.allSatisfy { Set($0.keys) == ["DATE", "PIN_PROMOTION_ID", "TOTAL_LEAD"] })
    }

    @Test func lateConversionsChangeRecentDaysOnly() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let account = sim.oracle.accounts[0].id
        let before = sim.oracle.deliveryRows(account: account, in: window)
        sim.advanceToday(by: 1)
        #expect(sim.today == testToday.adding(days: 1))
        let after = sim.oracle.deliveryRows(account: account, in: window)
        #expect(before.count == after.count)  // same ad-days deliver; only their values move
        let settled = testToday.adding(days: -7)
        var changedRecent = 0
        for (old, new) in zip(before, after) {
            #expect(old.date == new.date && old.pinPromotionId == new.pinPromotionId)
            #expect(old.impressions == new.impressions && old.spendMicro == new.spendMicro && old.clicks == new.clicks)
            if old.date < settled {
                #expect(old == new, "settled day \(old.date) changed")
            } else {
                #expect(new.conversions >= old.conversions && new.checkouts >= old.checkouts && new.leads >= old.leads)
                if old != new { changedRecent += 1 }
            }
        }
        #expect(changedRecent > 0)
        // Yesterday-of-new-today now has delivery.
        let newDay = DayRange(first: testToday, last: testToday)!
        #expect(!sim.oracle.deliveryRows(account: account, in: newDay).isEmpty)
        let totals = sim.oracle.totals(account: account, in: window)
        #expect(totals[.impressions] == after.reduce(0) { $0 + $1.impressions })
    }

    @Test func requestValidation() async throws {
        let sim = try await PinterestSimulator.start(makeOptions())
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[0].id
        let path = "/ad_accounts/\(account)/reports"
        func body(_ start: Day, _ end: Day, _ change: (inout [String: Any]) -> Void = { _ in }) -> [String: Any] {
            var b: [String: Any] = ["start_date": start.description, "end_date": end.description, "granularity": "DAY",
                                    "level": "PIN_PROMOTION", "columns": ["SPEND_IN_MICRO_DOLLAR"]]
            change(&b)
            return b
        }
        let end = testToday.adding(days: -1)
        let ok = try await client.postJSON(path, body(end.adding(days: -185), end))
        #expect(ok.status == 200)
        let tooLong = try await client.postJSON(path, body(end.adding(days: -186), end))
        #expect(tooLong.status == 400)
        #expect((tooLong.json["message"] as? String)?.contains("186") == true)
        let tooOld = try await client.postJSON(path, body(testToday.adding(days: -915), testToday.adding(days: -900)))
        #expect(tooOld.status == 400)
        #expect((tooOld.json["message"] as? String)?.contains("914") == true)
        #expect(try await client.postJSON(path, body(testToday.adding(days: -914), testToday.adding(days: -900))).status == 200)
        #expect(try await client.postJSON(path, body(end, end.adding(days: -1))).status == 400)
        #expect(try await client.postJSON(path, body(end, end) { $0["columns"] = nil }).status == 400)
        #expect(try await client.postJSON(path, body(end, end) { $0["columns"] = ["NOT_A_COLUMN"] }).status == 400)
        #expect(try await client.postJSON(path, body(end, end) { $0["click_window_days"] = 3 }).status == 400)
        #expect(try await client.postJSON(path, body(end, end) { $0["start_date"] = "2026-02-30" }).status == 400)
        #expect(try await client.postJSON(path, body(end, end) { $0["level"] = nil }).status == 400)
        let notJSON = try await client.send("POST", url: URL(string: sim.baseURL.absoluteString + path)!,
                                            headers: ["Authorization": "Bearer \(client.token)"], body: Data("start_date=x".utf8))
        #expect(notJSON.status == 400)
        #expect(notJSON.json["code"] as? Int == 1)
    }
}

@Suite struct ReportExpiryTests {
    @Test func reportTokenExpiresAfterAnHour() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.reportPollsBeforeReady = 0 })
        defer { sim.stop() }
        let client = TestClient(sim)
        let account = sim.oracle.accounts[0].id
        let day = DayRange(first: testToday.adding(days: -1), last: testToday.adding(days: -1))!
        let token = try await client.createReport(account: account, range: day)
        #expect(try await client.poll(account: account, token: token)["report_status"] as? String == "FINISHED")
        sim.advanceClock(by: 3_601)
        #expect(try await client.poll(account: account, token: token)["report_status"] as? String == "EXPIRED")
        // Access tokens live 30 days.
        #expect(try await client.get("/ad_accounts").status == 200)
        sim.advanceClock(by: 2_592_000)
        #expect(try await client.get("/ad_accounts").status == 401)
    }
}
