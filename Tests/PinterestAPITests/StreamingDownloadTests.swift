import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinterestSimulator
import Testing
@testable import PinterestAPI
import PinterestModel

/// Reports parsed while they download, fetched range by range.
@Suite struct StreamingDownloadTests {
    /// A gate a server thread waits at until the test opens it (or a minute passes, so a broken
    /// client fails the test instead of hanging it).
    final class Gate: @unchecked Sendable {
        // @unchecked: `isOpen` is only touched under `condition`.
        private let condition = NSCondition()
        private var open = false
        private var expired = false
        var isOpen: Bool { condition.lock(); defer { condition.unlock() }; return open }
        /// A server thread gave up waiting: the client needed the held-back bytes to go on.
        var timedOut: Bool { condition.lock(); defer { condition.unlock() }; return expired }
        func openNow() { condition.lock(); open = true; condition.broadcast(); condition.unlock() }
        func wait() {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(60)
            while !open, condition.wait(until: deadline) {}
            if !open { expired = true }
        }
    }

    static func report(rows: Int) -> Data {
        let day = Day("2025-11-01")!
        let body = (0..<rows).map { index in
            #"{"DATE":"\#(day.adding(days: index % 28))","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"77","PIN_ID":"3","IMPRESSION_1":\#(index),"SPEND_IN_MICRO_DOLLAR":\#(index * 1_000_001)}"#
        }.joined(separator: ",")
        return Data(#"{"77":[\#(body)]}"#.utf8)
    }

    /// `bytes=FIRST-LAST` → the range within `size`.
    static func range(_ header: String?, size: Int) -> Range<Int>? {
        guard let header, header.hasPrefix("bytes=") else { return nil }
        let parts = header.dropFirst(6).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] < size else { return nil }
        return parts[0]..<min(parts[1] + 1, size)
    }

    static func waitUntil(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<3_000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test("a streaming download returns on its first bytes and its rows are parsed while the rest is held back")
    func rowsArriveWhileTheDownloadRuns() async throws {
        let file = Self.report(rows: 600)
        let rangeBytes = 4_096
        let gate = Gate()
        let port = Box<UInt16>(0)
        let server = try LoopbackServer { request in
            if request.target.hasPrefix("/files/") {
                guard let range = Self.range(request.headers["range"], size: file.count) else { return (416, [:], Data()) }
                // The second half of the file waits until the test has seen rows of the first.
                if range.lowerBound >= file.count / 2 { gate.wait() }
                return (206, ["Content-Range": "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(file.count)", "ETag": "\"v1\""],
                        file.subdata(in: range))
            }
            if request.method == "POST" { return (200, ["Content-Type": "application/json"], Data(#"{"report_status":"IN_PROGRESS","token":"t1"}"#.utf8)) }
            let url = "http://127.0.0.1:\(port.get())/files/metrics_report.txt?X-Amz-Signature=abc"
            return (200, ["Content-Type": "application/json"], Data(#"{"report_status":"FINISHED","url":"\#(url)"}"#.utf8))
        }
        defer { server.stop() }
        port.set(server.port)
        var configuration = Fixture.configuration(directory: Fixture.temporaryDirectory())
        configuration.baseURL = server.baseURL.appendingPathComponent("v5")
        configuration.reportDownloadRangeBytes = Int64(rangeBytes)
        try Fixture.seedStore(configuration)
        let client = PinterestClient(configuration: configuration, transport: URLSessionTransport())
        let today = client.today()
        let report = try await client.downloadReport(.delivery, adAccountId: "9", window: DayRange(first: today.adding(days: -1), last: today)!,
                                                     streaming: true)
        defer { report.remove() }
        #expect(!gate.isOpen, "downloadReport waited for the whole file")

        // Parsed on a thread of its own, as the delivery job does.
        let seen = Box<[Int64]>([])
        let outcome = Box<Result<Int, any Error>?>(nil)
        Thread.detachNewThread {
            let result = Result { try report.forEachRowParsedAhead(batchSize: 8) { row in seen.update { $0.append(row.impressions) } } }
            outcome.set(result)
        }
        let early = try await Self.waitUntil { seen.get().count >= 100 }
        #expect(early, "no rows were parsed before the whole file had arrived")
        #expect(!gate.isOpen)
        gate.openNow()
        #expect(try await Self.waitUntil { outcome.get() != nil })
        #expect(try outcome.get()?.get() == 600)
        #expect(seen.get() == (0..<600).map(Int64.init))
        #expect(!gate.timedOut, "the client waited for the held-back half before handing out rows")

        let downloads = server.requests.filter { $0.target.hasPrefix("/files/") }
        let expected = stride(from: 0, to: file.count, by: rangeBytes).map { "bytes=\($0)-\($0 + rangeBytes - 1)" }
        #expect(downloads.map { $0.headers["range"] ?? "none" } == expected)
        #expect(downloads.first?.headers["if-match"] == nil)
        #expect(downloads.dropFirst().allSatisfy { $0.headers["if-match"] == "\"v1\"" }, "a later range could come from another object")
    }

    /// A simulator serving stored reports in ranges, and a client asking for 4 KiB at a time.
    static func rangedWorld(adjust: (inout SimulatorOptions) -> Void = { _ in }) async throws
        -> (PinterestSimulator, PinterestClient, account: String, window: DayRange) {
        var options = SimulatorOptions()
        options.seed = 5
        options.accountCount = 1
        options.adsPerAccount = 30
        options.reportPollsBeforeReady = 0
        options.reportFileDirectory = Fixture.temporaryDirectory()
        adjust(&options)
        let simulator = try await PinterestSimulator.start(options)
        let directory = Fixture.temporaryDirectory()
        var configuration = PinterestAPIConfiguration(
            baseURL: simulator.baseURL, clientId: options.clientId, clientSecret: Secret(options.clientSecret),
            tokenStorePath: directory + "/tokens.json", bootstrapRefreshToken: Secret(options.initialRefreshToken),
            reportPolling: ReportPolling(initialDelay: .milliseconds(5), maxDelay: .milliseconds(20), timeout: .seconds(120)),
            retry: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50), maxTotalWait: .seconds(10),
                               requestTimeout: 10),
            requestsPerMinute: 600_000, downloadDirectory: directory + "/downloads")
        configuration.reportDownloadRangeBytes = Int64(rangeBytes)
        let client = PinterestClient(configuration: configuration, transport: URLSessionTransport())
        let account = simulator.oracle.accounts.first!.id
        let yesterday = simulator.today.adding(days: -1)
        return (simulator, client, account, DayRange(first: yesterday.adding(days: -9), last: yesterday)!)
    }

    static let rangeBytes = 4_096

    /// Downloads the window's rows and checks them against the simulator's oracle.
    static func expectOracleRows(_ simulator: PinterestSimulator, _ client: PinterestClient, account: String,
                                 window: DayRange, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var rows: [DeliveryRow] = []
        _ = try await client.deliveryRows(adAccountId: account, range: window) { rows.append($0) }
        let expected = simulator.oracle.deliveryRows(account: account, in: window)
        #expect(rows.count == expected.count, sourceLocation: sourceLocation)
        #expect(Set(rows) == Set(expected), sourceLocation: sourceLocation)
    }

    @Test("a range cut short is resumed where it stopped, and the rows are exact")
    func aCutRangeResumes() async throws {
        let (simulator, client, account, window) = try await Self.rangedWorld()
        defer { simulator.stop() }
        let rangeBytes = Self.rangeBytes
        try simulator.inject("truncate")
        try await Self.expectOracleRows(simulator, client, account: account, window: window)

        let starts = simulator.requests.filter { $0.path.hasPrefix("/downloads/") }
            .compactMap { $0.header("range").flatMap { Self.range($0, size: .max)?.lowerBound } }
        #expect(starts.count >= 3, "the report was not fetched in ranges: \(starts)")
        #expect(starts.contains { $0 % rangeBytes != 0 }, "the cut range was fetched again from its start: \(starts)")
        #expect(starts == starts.sorted(), "ranges went backwards: \(starts)")
    }

    @Test("a link that expires while the file is still arriving is renewed, and the download resumes")
    func anExpiredLinkIsRenewedMidDownload() async throws {
        let (simulator, client, account, window) = try await Self.rangedWorld { $0.downloadURLLifetime = 0.5 }
        defer { simulator.stop() }
        // One range answered late: every range asked for after it finds the link expired.
        try simulator.inject("slow:1s@/downloads/")
        try await Self.expectOracleRows(simulator, client, account: account, window: window)
        let downloads = simulator.requests.filter { $0.path.hasPrefix("/downloads/") }
        let links = Set(downloads.map { $0.path.split(separator: "/")[2] })
        #expect(links.count >= 2, "the download never asked for a fresh link")
        #expect(simulator.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/reports") }.count == 1,
                "the report was requested again instead of its link being renewed")
        let starts = downloads.compactMap { $0.header("range").flatMap { Self.range($0, size: .max)?.lowerBound } }
        #expect(starts.first == 0 && starts.last.map { $0 > 0 } == true)
    }
}
