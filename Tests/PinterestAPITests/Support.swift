import Foundation
import Synchronization
import PinterestETL
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import PinterestAPI
import PinterestModel
import TestSupport

/// A scripted response.
struct Reply: Sendable {
    var status: Int = 200
    var headers: [String: String] = [:]
    var body: Data = Data()

    static func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> Reply {
        Reply(status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: Data(text.utf8))
    }
}

struct NetworkDown: Error {}

/// A fake network: a handler answers each request; every request is recorded.
final class FakeTransport: HTTPTransport, Sendable {
    private let log = Mutex<[URLRequest]>([])
    let handler: @Sendable (URLRequest) async throws -> Reply

    init(_ handler: @escaping @Sendable (URLRequest) async throws -> Reply) { self.handler = handler }

    var requests: [URLRequest] { log.withLock { $0 } }

    func requests(path suffix: String) -> [URLRequest] {
        requests.filter { $0.url!.path.hasSuffix(suffix) }
    }

    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        log.withLock { $0.append(request) }
        let reply = try await handler(request)
        return (reply.body, HTTPURLResponse(url: request.url!, statusCode: reply.status, httpVersion: "HTTP/1.1", headerFields: reply.headers)!)
    }

    func download(_ request: URLRequest, to path: String, maxBytes: Int64, progress: DownloadProgress) async throws -> HTTPURLResponse {
        log.withLock { $0.append(request) }
        let reply = try await handler(request)
        guard reply.body.count <= maxBytes else { throw DownloadTooLarge(limit: maxBytes) }
        try reply.body.write(to: URL(fileURLWithPath: path))
        return HTTPURLResponse(url: request.url!, statusCode: reply.status, httpVersion: "HTTP/1.1", headerFields: reply.headers)!
    }
}

/// Test state shared with handlers, behind a lock.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { value.withLock { $0 } }
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    @discardableResult func update<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

enum Fixture {
    static let clientSecret = "client-secret-XYZZY-1234"
    static let accessToken = "pina.ACCESS-valid-0001"
    static let refreshToken = "pinr.REFRESH-stored-0001"
    static let base = URL(string: "https://api.example.test/v5")!

    static func temporaryDirectory() -> String {
        Scratch.directory("api")
    }

    static func configuration(directory: String, bootstrap: String? = nil) -> PinterestAPIConfiguration {
        PinterestAPIConfiguration(
            baseURL: base, clientId: "1234567", clientSecret: Secret(clientSecret),
            tokenStorePath: (directory as NSString).appendingPathComponent("state/tokens.json"),
            bootstrapRefreshToken: bootstrap.map(Secret.init),
            // Generous: a wall-clock limit here only measures how busy the machine is (tests run in parallel).
            reportPolling: ReportPolling(initialDelay: .milliseconds(1), maxDelay: .milliseconds(5), timeout: .seconds(120)),
            retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(10),
                               maxTotalWait: .seconds(2), requestTimeout: 5),
            requestsPerMinute: 600_000,
            downloadDirectory: (directory as NSString).appendingPathComponent("downloads"))
    }

    /// Writes a token store holding a valid access token (or an expired one).
    static func seedStore(_ configuration: PinterestAPIConfiguration, access: String = accessToken,
                          refresh: String = refreshToken, expired: Bool = false) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try FileTokenStore(path: configuration.tokenStorePath).save(StoredTokens(
            accessToken: access, accessTokenExpiresAt: expired ? now - 10 : now + 86_400,
            refreshToken: refresh, refreshTokenExpiresAt: now + 5_000_000))
    }

    static func storedTokens(_ configuration: PinterestAPIConfiguration) throws -> StoredTokens? {
        try FileTokenStore(path: configuration.tokenStorePath).load()
    }

    /// A ready client against `transport`, with a valid stored access token.
    static func client(_ transport: FakeTransport, directory: String = temporaryDirectory(),
                       events: Box<[APIEvent]>? = nil,
                       adjust: (inout PinterestAPIConfiguration) -> Void = { _ in }) throws -> PinterestClient {
        var configuration = configuration(directory: directory)
        adjust(&configuration)
        try seedStore(configuration)
        return PinterestClient(configuration: configuration, transport: transport) { event in
            events?.update { $0.append(event) }
        }
    }

    static func tokenResponse(access: String, refresh: String) -> Reply {
        .json("""
        {"response_type":"refresh_token","access_token":"\(access)","token_type":"bearer","expires_in":2592000,
         "scope":"ads:read","refresh_token":"\(refresh)","refresh_token_expires_in":5184000,
         "refresh_token_expires_at":1900000000}
        """)
    }
}

extension URLRequest {
    var bodyText: String { httpBody.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    var queryItems: [URLQueryItem] {
        URLComponents(url: url!, resolvingAgainstBaseURL: false)?.queryItems ?? []
    }

    func query(_ name: String) -> [String] { queryItems.filter { $0.name == name }.compactMap(\.value) }

    var formFields: [String: String] {
        var fields: [String: String] = [:]
        for pair in bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}

extension PinterestAPIError {
    /// The process exit code the jobs layer maps this error to (its one mapping).
    var exitCode: Int32 { ExitCode(for: self).rawValue }
}

extension PinterestClient {
    /// What the delivery job does for a window, without a warehouse: one report per chunk of at
    /// most `ReportLimits.maxDays`, each downloaded and streamed row by row into `onRow`.
    func deliveryRows(adAccountId: String, range: DayRange, onRow: (DeliveryRow) throws -> Void) async throws -> Int {
        var total = 0
        for window in range.chunks(ofAtMost: ReportLimits.maxDays) {
            let report = try await downloadDeliveryReport(adAccountId: adAccountId, window: window)
            defer { report.remove() }
            total += try report.forEachRow(onRow)
        }
        return total
    }
}
