import Foundation
import PinterestModel
@testable import PinterestSimulator
import Testing

@Suite struct ScaleTests {
    @Test func hundredThousandAdAccountListsAndReports() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.adsPerAccountByIndex = [100_000, 3] })
        defer { sim.stop() }
        let client = TestClient(sim)
        let big = sim.oracle.accounts[0].id
        #expect(sim.oracle.ads(account: sim.oracle.accounts[1].id).count == 3)
        // Listing: a full page, a deep bookmark-free single GET of the newest ad.
        let page = try await client.get("/ad_accounts/\(big)/ads?page_size=250&entity_statuses=ACTIVE,PAUSED,ARCHIVED")
        #expect((page.json["items"] as? [Any])?.count == 250)
        #expect(page.json["bookmark"] is String)
        let newest = SimulatedWorld(options: makeOptions { $0.adsPerAccountByIndex = [100_000] }).id(.ad, account: 0, index: 99_999)
        #expect(try await client.get("/ad_accounts/\(big)/ads/\(newest)").status == 200)
        // Streaming oracle over one day: counted, never held.
        let day = DayRange(first: testToday.adding(days: -1), last: testToday.adding(days: -1))!
        var count = 0
        var spend: Int64 = 0
        sim.oracle.forEachDeliveryRow(account: big, in: day) { count += 1; spend += $0.spendMicro }
        #expect(count > 30_000)
        #expect(sim.oracle.totals(account: big, in: day)[.spendMicro] == spend)
        // The report for that day has exactly that many rows.
        let token = try await client.createReport(account: big, range: day, columns: ["PIN_PROMOTION_ID", "SPEND_IN_MICRO_DOLLAR"])
        let url = try #require(try await client.pollUntilDone(account: big, token: token)["url"] as? String)
        let file = try await client.download(url)
        let object = try JSONSerialization.jsonObject(with: file.data) as! [String: [[String: Any]]]
        #expect(object.count == count)
        let served = object.values.reduce(Int64(0)) { $0 + (($1[0]["SPEND_IN_MICRO_DOLLAR"] as? NSNumber)?.int64Value ?? 0) }
        #expect(served == spend)
    }

    @Test func concurrentClients() async throws {
        let sim = try await PinterestSimulator.start(makeOptions { $0.accountCount = 4; $0.reportPollsBeforeReady = 1 })
        defer { sim.stop() }
        let window = DayRange(first: testToday.adding(days: -5), last: testToday.adding(days: -1))!
        let accounts = sim.oracle.accounts.map(\.id)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for (n, account) in (accounts + accounts).enumerated() {
                group.addTask {
                    let client = TestClient(sim)
                    let ads = try await client.listAll("/ad_accounts/\(account)/ads?page_size=\(3 + n)&entity_statuses=ACTIVE,PAUSED,ARCHIVED")
                    guard ads.count == sim.oracle.ads(account: account).count else { return false }
                    let token = try await client.createReport(account: account, range: window)
                    guard let url = try await client.pollUntilDone(account: account, token: token)["url"] as? String else { return false }
                    let rows = try parseReport(try await client.download(url).data)
                    return rows == sim.oracle.deliveryRows(account: account, in: window)
                }
            }
            for try await ok in group { #expect(ok) }
        }
        sim.stop()
        sim.stop()  // idempotent
    }
}

@Suite struct StreamingTests {
    @Test func reportFileIsWrittenInBoundedPieces() throws {
        let world = SimulatedWorld(options: makeOptions { $0.adsPerAccountByIndex = [100_000] })
        let range = DayRange(first: testToday.adding(days: -2), last: testToday.adding(days: -1))!
        let writer = ReportFileWriter(world: world, accountIndex: 0, range: range, today: testToday,
                                      columns: ["PIN_PROMOTION_ID", "SPEND_IN_MICRO_DOLLAR", "IMPRESSION_1"], idsAsNumbers: false)
        var total = 0
        var largest = 0
        var pieces = 0
        try writer.write { piece in total += piece.count; largest = max(largest, piece.count); pieces += 1 }
        #expect(total == (try writer.size()))
        #expect(pieces > 50)
        #expect(largest < ReportFileWriter.flushSize + 4_096)  // one buffer, never the whole file
    }
}
