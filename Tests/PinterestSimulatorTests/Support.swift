import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinterestModel
@testable import PinterestSimulator
import Testing

/// A fixed "today" so tests are reproducible.
let testToday = Day(year: 2026, month: 3, day: 15)!

func makeOptions(_ change: (inout SimulatorOptions) -> Void = { _ in }) -> SimulatorOptions {
    var options = SimulatorOptions()
    options.today = testToday
    options.reportPollsBeforeReady = 2
    change(&options)
    return options
}

struct HTTPResult {
    let status: Int
    let data: Data
    let response: HTTPURLResponse

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: data, as: UTF8.self) }
    func header(_ name: String) -> String? { response.value(forHTTPHeaderField: name) }
}

/// Real HTTP over loopback, as the connector talks to Pinterest.
struct TestClient {
    let simulator: PinterestSimulator
    var token: String
    let session: URLSession

    init(_ simulator: PinterestSimulator) {
        self.simulator = simulator
        token = simulator.issueAccessToken()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 20
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return HTTPResult(status: http.statusCode, data: data, response: http)
    }

    /// `path` below /v5, e.g. "/ad_accounts?page_size=5".
    func get(_ path: String, token: String? = nil) async throws -> HTTPResult {
        try await send("GET", url: URL(string: simulator.baseURL.absoluteString + path)!,
                       headers: ["Authorization": "Bearer \(token ?? self.token)"])
    }

    func postJSON(_ path: String, _ object: Any) async throws -> HTTPResult {
        try await send("POST", url: URL(string: simulator.baseURL.absoluteString + path)!,
                       headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                       body: try JSONSerialization.data(withJSONObject: object))
    }

    func tokenRequest(_ form: String, clientId: String = "sim-client-id", secret: String = "sim-client-secret") async throws -> HTTPResult {
        let basic = Data("\(clientId):\(secret)".utf8).base64EncodedString()
        return try await send("POST", url: URL(string: simulator.baseURL.absoluteString + "/oauth/token")!,
                              headers: ["Authorization": "Basic \(basic)",
                                        "Content-Type": "application/x-www-form-urlencoded"],
                              body: Data(form.utf8))
    }

    /// Follows bookmarks to the end; returns every item.
    func listAll(_ path: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var bookmark: String? = nil
        repeat {
            var url = path
            if let bookmark {
                url += (path.contains("?") ? "&" : "?") + "bookmark=" + bookmark.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            }
            let result = try await get(url)
            #expect(result.status == 200, "\(result.text)")
            let json = result.json
            items += json["items"] as? [[String: Any]] ?? []
            bookmark = json["bookmark"] as? String
            #expect(json.keys.contains("bookmark"))
        } while bookmark != nil
        return items
    }

    static let allColumns = DeliveryMetric.idColumns + DeliveryMetric.allCases.map(\.reportColumn)

    func createReport(account: String, range: DayRange, columns: [String] = TestClient.allColumns) async throws -> String {
        let result = try await postJSON("/ad_accounts/\(account)/reports", [
            "start_date": range.first.description, "end_date": range.last.description,
            "granularity": "DAY", "level": "PIN_PROMOTION", "columns": columns,
            "click_window_days": 30, "engagement_window_days": 30, "view_window_days": 1,
            "conversion_report_time": "TIME_OF_AD_ACTION",
        ])
        #expect(result.status == 200, "\(result.text)")
        #expect(result.json["report_status"] as? String == "IN_PROGRESS")
        return result.json["token"] as! String
    }

    func poll(account: String, token: String) async throws -> [String: Any] {
        let result = try await get("/ad_accounts/\(account)/reports?token=\(token)")
        #expect(result.status == 200, "\(result.text)")
        return result.json
    }

    /// Polls until not IN_PROGRESS; returns the final status object.
    func pollUntilDone(account: String, token: String) async throws -> [String: Any] {
        for _ in 0..<20 {
            let status = try await poll(account: account, token: token)
            if status["report_status"] as? String != "IN_PROGRESS" { return status }
        }
        Issue.record("report never finished")
        return [:]
    }

    /// A plain GET of the pre-signed URL, with no Authorization header.
    func download(_ url: String) async throws -> HTTPResult {
        try await send("GET", url: URL(string: url)!)
    }
}

/// Parses a report file into DeliveryRows (zero for absent metrics), in file order.
func parseReport(_ data: Data) throws -> [DeliveryRow] {
    let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    var rows: [DeliveryRow] = []
    for (key, value) in object {
        for item in value as! [[String: Any]] {
            func id(_ name: String) -> String { item[name] as? String ?? (item[name] as? NSNumber)?.stringValue ?? "" }
            #expect(id("PIN_PROMOTION_ID") == key)
            var row = DeliveryRow(date: Day(item["DATE"] as! String)!, adAccountId: id("AD_ACCOUNT_ID"),
                                  campaignId: id("CAMPAIGN_ID"), adGroupId: id("AD_GROUP_ID"),
                                  pinPromotionId: id("PIN_PROMOTION_ID"), pinId: id("PIN_ID"))
            for metric in DeliveryMetric.allCases {
                guard let number = item[metric.reportColumn] as? NSNumber else { continue }
                if metric.isFractional { row.videoAvgWatchSeconds = number.doubleValue }
                else { row.setInteger(metric, number.int64Value) }
                #expect(number.doubleValue != 0, "zero metric \(metric) present")
            }
            rows.append(row)
        }
    }
    return rows.sorted { ($0.date, $0.pinPromotionId) < ($1.date, $1.pinPromotionId) }
}
