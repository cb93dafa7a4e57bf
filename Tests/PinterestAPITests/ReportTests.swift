import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct ReportTests {
    static let account = "549755885175"
    static let file = """
    {"987654321987654321":[
      {"DATE":"2025-11-01","AD_ACCOUNT_ID":"549755885175","CAMPAIGN_ID":"626736533506","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"987654321987654321","PIN_ID":"123456789012345678","SPEND_IN_MICRO_DOLLAR":1520000,"IMPRESSION_1":812,"CLICKTHROUGH_1":9,"TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":2.75},
      {"DATE":"2025-11-02","AD_ACCOUNT_ID":"549755885175","CAMPAIGN_ID":"626736533506","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"987654321987654321","PIN_ID":"123456789012345678","IMPRESSION_1":605}]}
    """

    static func day(_ text: String) -> Day { Day(text)! }

    /// A Pinterest with scripted report statuses, per creation.
    static func reportServer(statuses: [[String]], downloads: Box<[Int]> = Box([200]), file: String = file) -> (FakeTransport, Box<Int>) {
        let creations = Box(0)
        let polls = Box(0)
        let transport = FakeTransport { request in
            let url = request.url!
            if url.host == "reports.example-s3.test" {
                let status = downloads.update { $0.isEmpty ? 200 : $0.removeFirst() }
                return status == 200 ? Reply(status: 200, body: Data(file.utf8)) : Reply(status: status, body: Data("<Error>AccessDenied</Error>".utf8))
            }
            if request.httpMethod == "POST" {
                let n = creations.update { $0 += 1; return $0 }
                polls.set(0)
                return .json(#"{"report_status":"IN_PROGRESS","token":"tok-\#(n)","message":null}"#)
            }
            let n = creations.get()
            let script = statuses[min(n - 1, statuses.count - 1)]
            let index = polls.update { $0 += 1; return $0 - 1 }
            let status = script[min(index, script.count - 1)]
            if status == "FINISHED" {
                return .json(#"{"report_status":"FINISHED","url":"https://reports.example-s3.test/async_reporting_v3/x/metrics_report.txt?X-Amz-Signature=SIGNED-SECRET-\#(index)&X-Amz-Credential=AKIA","size":1234}"#)
            }
            return .json(#"{"report_status":"\#(status)","url":null,"size":null}"#)
        }
        return (transport, creations)
    }

    @Test func lifecycleCreatesPollsDownloadsWithoutAuthorizationAndParses() async throws {
        let (transport, _) = Self.reportServer(statuses: [["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]])
        let events = Box<[APIEvent]>([])
        let directory = Fixture.temporaryDirectory()
        let client = try Fixture.client(transport, directory: directory, events: events)
        var rows: [DeliveryRow] = []
        let range = DayRange(first: Self.day("2025-11-01"), last: Self.day("2025-11-05"))!
        let count = try await client.deliveryRows(adAccountId: Self.account, range: range) { rows.append($0) }
        #expect(count == 2)
        #expect(rows.count == 2)
        #expect(rows[0].pinPromotionId == "987654321987654321")
        #expect(rows[0].pinId == "123456789012345678")
        #expect(rows[0].spendMicro == 1_520_000)
        #expect(rows[0].impressions == 812)
        #expect(rows[0].clicks == 9)
        #expect(rows[0].videoAvgWatchSeconds == 2.75)
        #expect(rows[1].spendMicro == 0)   // absent metric is 0
        #expect(rows[1].date == Self.day("2025-11-02"))

        let create = try #require(transport.requests.first)
        #expect(create.httpMethod == "POST")
        #expect(create.url!.path == "/v5/ad_accounts/549755885175/reports")
        #expect(create.value(forHTTPHeaderField: "Content-Type") == "application/json")
        let body = try #require(try JSONSerialization.jsonObject(with: create.httpBody ?? Data()) as? [String: Any])
        #expect(body["start_date"] as? String == "2025-11-01")
        #expect(body["end_date"] as? String == "2025-11-05")
        #expect(body["granularity"] as? String == "DAY")
        #expect(body["level"] as? String == "PIN_PROMOTION")
        #expect(body["report_format"] as? String == "JSON")
        #expect(body["click_window_days"] as? Int == 30)
        #expect(body["engagement_window_days"] as? Int == 30)
        #expect(body["view_window_days"] as? Int == 1)
        #expect(body["conversion_report_time"] as? String == "TIME_OF_AD_ACTION")
        let columns = try #require(body["columns"] as? [String])
        #expect(Set(columns) == Set(DeliveryMetric.allCases.map(\.reportColumn) + DeliveryMetric.idColumns))

        let polls = transport.requests.filter { $0.httpMethod == "GET" && $0.url!.host == "api.example.test" }
        #expect(polls.count == 3)
        #expect(polls.allSatisfy { $0.query("token") == ["tok-1"] })
        let download = try #require(transport.requests.last)
        #expect(download.url!.host == "reports.example-s3.test")
        #expect(download.value(forHTTPHeaderField: "Authorization") == nil)
        #expect(download.allHTTPHeaderFields?.keys.contains { $0.lowercased() == "authorization" } != true)
        // The temp file is gone (this process's download folder stays, empty but for its lock).
        let downloads = (directory as NSString).appendingPathComponent("downloads")
        let leftovers = ((try? FileManager.default.subpathsOfDirectory(atPath: downloads)) ?? [])
            .filter { !$0.hasPrefix(DownloadFolder.prefix) || ($0 as NSString).pathComponents.count > 1 && !$0.hasSuffix("/.lock") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // Events never show the pre-signed query.
        #expect(!events.get().map(\.description).joined().contains("SIGNED-SECRET"))
        #expect(events.get().contains { if case .reportStatus(_, "FINISHED") = $0 { true } else { false } })
        #expect(client.requestCount(account: Self.account) == 5)
    }

    @Test("every requested column is one the official API description lists for async reports")
    func requestedColumnsExistInTheOfficialSpec() throws {
        // Vendored from Pinterest's OpenAPI description (components.schemas.ReportingColumnAsync).
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ReportingColumnAsync.txt").path
        let allowed = Set(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
        #expect(allowed.count > 100)
        #expect(ReportRequest.columns.filter { !allowed.contains($0) } == [])
    }

    @Test("a report that becomes ready in its first minute is noticed within 2 s; then polls back off to 10 s")
    func pollScheduleIsBriskThenBacksOff() {
        let polling = ReportPolling()
        var waited = Duration.zero, delay = polling.initialDelay
        var gaps: [Duration] = []
        while waited < .seconds(180) {
            gaps.append(delay)
            waited += delay
            delay = polling.delay(after: delay, waited: waited)
        }
        var elapsed = Duration.zero
        for gap in gaps {
            // Every poll that starts inside the first minute follows its predecessor within 2 s.
            if elapsed + gap <= .seconds(60) { #expect(gap <= .seconds(2), "gap \(gap) at \(elapsed)") }
            elapsed += gap
        }
        #expect(gaps.prefix(3) == [.seconds(1), .seconds(2), .seconds(2)])
        #expect(gaps.last == .seconds(10), "backs off to maxDelay after the first minute")
        #expect(gaps.filter { $0 > .seconds(2) }.first == .seconds(4), "then doubles")
        // A 3-minute report costs about 30 polls in its first minute and 12 after, not a poll every 2 s.
        #expect(gaps.count < 50)
    }

    @Test func failedReportIsRecreatedOnce() async throws {
        let (transport, creations) = Self.reportServer(statuses: [["IN_PROGRESS", "FAILED"], ["FINISHED"]])
        let range = DayRange(first: Self.day("2025-11-01"), last: Self.day("2025-11-02"))!
        let count = try await Fixture.client(transport).deliveryRows(adAccountId: Self.account, range: range) { _ in }
        #expect(count == 2)
        #expect(creations.get() == 2)
    }

    @Test func reportFailingTwiceIsAnError() async throws {
        let (transport, creations) = Self.reportServer(statuses: [["EXPIRED"], ["CANCELLED"]])
        let range = DayRange(first: Self.day("2025-11-01"), last: Self.day("2025-11-02"))!
        let error = await #expect(throws: PinterestAPIError.self) {
            try await Fixture.client(transport).deliveryRows(adAccountId: Self.account, range: range) { _ in }
        }
        #expect(creations.get() == 2)
        #expect(error?.exitCode == 1)
        #expect(error?.description.contains(Self.account) == true)
        #expect(error?.description.contains("CANCELLED") == true)
    }

    @Test func expiredDownloadLinkIsRenewedByPollingAgain() async throws {
        let (transport, creations) = Self.reportServer(statuses: [["FINISHED"]], downloads: Box([403, 200]))
        let range = DayRange(first: Self.day("2025-11-01"), last: Self.day("2025-11-02"))!
        let count = try await Fixture.client(transport).deliveryRows(adAccountId: Self.account, range: range) { _ in }
        #expect(count == 2)
        #expect(creations.get() == 1)
        let downloads = transport.requests.filter { $0.url!.host == "reports.example-s3.test" }
        #expect(downloads.count == 2)
        #expect(downloads[0].url!.query != downloads[1].url!.query)   // a fresh link
    }

    @Test func downloadLinkRefusedForeverIsBounded() async throws {
        let (transport, _) = Self.reportServer(statuses: [["FINISHED"]], downloads: Box(Array(repeating: 403, count: 20)))
        let range = DayRange(first: Self.day("2025-11-01"), last: Self.day("2025-11-02"))!
        let error = await #expect(throws: PinterestAPIError.self) {
            try await Fixture.client(transport).deliveryRows(adAccountId: Self.account, range: range) { _ in }
        }
        #expect(transport.requests.filter { $0.url!.host == "reports.example-s3.test" }.count == 4)
        #expect(error?.description.contains("SIGNED-SECRET") == false)
    }

    @Test func reportNeverFinishingTimesOut() async throws {
        let (transport, _) = Self.reportServer(statuses: [["IN_PROGRESS"]])
        let client = try Fixture.client(transport) {
            $0.reportPolling = ReportPolling(initialDelay: .milliseconds(5), maxDelay: .milliseconds(20), timeout: .milliseconds(200))
        }
        let range = DayRange(first: Self.day("2025-11-01"), last: Self.day("2025-11-02"))!
        let error = await #expect(throws: PinterestAPIError.self) {
            try await client.deliveryRows(adAccountId: Self.account, range: range) { _ in }
        }
        if case .reportTimedOut? = error {} else { Issue.record("expected a timeout, got \(String(describing: error))") }
    }

    @Test func rangesLongerThan186DaysAreSplit() async throws {
        let (transport, creations) = Self.reportServer(statuses: [["FINISHED"]], file: "{}")
        let client = try Fixture.client(transport)
        let first = client.today().adding(days: -400)
        let range = DayRange(first: first, last: first.adding(days: 399))!
        let count = try await client.deliveryRows(adAccountId: Self.account, range: range) { _ in }
        #expect(count == 0)
        #expect(creations.get() == 3)
        let bodies = transport.requests.filter { $0.httpMethod == "POST" }.compactMap {
            try? JSONSerialization.jsonObject(with: $0.httpBody ?? Data()) as? [String: Any]
        }
        let windows = bodies.map { (Day($0["start_date"] as! String)!, Day($0["end_date"] as! String)!) }
        #expect(windows.map { $0.0.distance(to: $0.1) + 1 } == [186, 186, 28])
        #expect(windows.first?.0 == range.first)
        #expect(windows.last?.1 == range.last)
        #expect(zip(windows, windows.dropFirst()).allSatisfy { $0.1.adding(days: 1) == $1.0 })
    }

    @Test func startsMoreThan914DaysBackAreRefusedBeforeAnyRequest() async throws {
        let (transport, _) = Self.reportServer(statuses: [["FINISHED"]])
        let client = try Fixture.client(transport)
        let today = client.today()
        let range = DayRange(first: today.adding(days: -915), last: today.adding(days: -900))!
        let error = await #expect(throws: PinterestAPIError.self) {
            try await client.deliveryRows(adAccountId: Self.account, range: range) { _ in }
        }
        #expect(transport.requests.isEmpty)
        #expect(error?.description.contains("914") == true)
        // Exactly 914 days back is allowed.
        let edge = DayRange(first: today.adding(days: -914), last: today.adding(days: -914))!
        #expect(try ReportRequest.windows(for: edge, today: today, account: "1").count == 1)
    }
}
