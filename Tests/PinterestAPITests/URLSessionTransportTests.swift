import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct URLSessionTransportTests {
    @Test func realTransportRunsAReportEndToEndOverLoopback() async throws {
        let file = #"{"77":[{"DATE":"2025-11-01","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"77","PIN_ID":"3","IMPRESSION_1":5}]}"#
        let port = Box<UInt16>(0)
        let server = try LoopbackServer { request in
            if request.target.hasPrefix("/files/") { return (200, [:], Data(file.utf8)) }
            if request.method == "POST" { return (200, ["Content-Type": "application/json"], Data(#"{"report_status":"IN_PROGRESS","token":"t1"}"#.utf8)) }
            let url = "http://127.0.0.1:\(port.get())/files/metrics_report.txt?X-Amz-Signature=abc%2Bdef"
            return (200, ["Content-Type": "application/json"], Data(#"{"report_status":"FINISHED","url":"\#(url)"}"#.utf8))
        }
        defer { server.stop() }
        port.set(server.port)
        let directory = Fixture.temporaryDirectory()
        var configuration = Fixture.configuration(directory: directory)
        configuration.baseURL = server.baseURL.appendingPathComponent("v5")
        try Fixture.seedStore(configuration)
        let client = PinterestClient(configuration: configuration, transport: URLSessionTransport())
        var rows: [DeliveryRow] = []
        let today = client.today()
        let count = try await client.deliveryRows(adAccountId: "9", range: DayRange(first: today.adding(days: -1), last: today)!) {
            rows.append($0)
        }
        #expect(count == 1)
        #expect(rows.first?.impressions == 5)
        let requests = server.requests
        #expect(requests.count == 3)
        #expect(requests[0].method == "POST")
        #expect(requests[0].target == "/v5/ad_accounts/9/reports")
        #expect(requests[0].headers["authorization"] == "Bearer \(Fixture.accessToken)")
        #expect(requests[1].target == "/v5/ad_accounts/9/reports?token=t1")
        #expect(requests[2].target == "/files/metrics_report.txt?X-Amz-Signature=abc%2Bdef")
        #expect(requests[2].headers["authorization"] == nil)
        #expect(requests[2].headers["cookie"] == nil)
    }

    @Test func realTransportSurfacesStatusAndHeaders() async throws {
        let server = try LoopbackServer { _ in (429, ["x-ratelimit-reset": "7"], Data(#"{"code":8,"message":"Rate limit"}"#.utf8)) }
        defer { server.stop() }
        let (data, response) = try await URLSessionTransport().send(URLRequest(url: server.baseURL.appendingPathComponent("x")))
        #expect(response.statusCode == 429)
        #expect(RequestExecutor.retryAfter(headers: response) == .seconds(7))
        #expect(ErrorBody(data).code == 8)
    }
}
