import Foundation
import Synchronization
import PinterestModel

/// A local, deterministic stand-in for the Pinterest API v5 (the parts an ads ETL uses): OAuth
/// token endpoint, ad accounts, campaigns, ad groups, ads, and asynchronous reports with
/// pre-signed downloads, plus injectable faults. Binds 127.0.0.1 only.
///
/// Served: `POST /v5/oauth/token`; `GET /v5/user_account`; `GET /v5/ad_accounts[/{id}]`;
/// `GET /v5/ad_accounts/{id}/campaigns|ad_groups|ads[/{entity id}]`;
/// `POST|GET /v5/ad_accounts/{id}/reports`; `GET /downloads/async_reporting_v3/<key>/metrics_report.txt?X-Amz-…`.
/// Errors are `{code, message}`: 401 code 2 (auth), 400 code 1 (parameters), 404 (unknown
/// account or entity), 405 code 5, 429 code 8 (rate limit). Every response carries `x-pinterest-rid`.
public final class PinterestSimulator: Sendable {
    let options: SimulatorOptions
    let world: SimulatedWorld
    let state: Mutex<SimulatorState>
    private let server: HTTPServer

    private init(options: SimulatorOptions, port: UInt16) throws {
        self.options = options
        world = SimulatedWorld(options: options)
        state = Mutex(SimulatorState(options: options))
        let box = HandlerBox()
        server = try HTTPServer(port: port) { request in
            box.simulator?.handle(request) ?? .error(503, code: 503, "Simulator stopped.")
        }
        box.simulator = self
        for spec in options.faults { try inject(spec) }
    }

    /// Starts a simulator on `port` (0 = any free port).
    public static func start(_ options: SimulatorOptions, port: UInt16 = 0) async throws -> PinterestSimulator {
        try PinterestSimulator(options: options, port: port)
    }

    deinit { server.stop() }

    /// `http://127.0.0.1:PORT/v5`
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v5")! }
    public var port: UInt16 { server.port }

    /// Stops serving; idempotent.
    public func stop() {
        server.stop()
        let stored = state.locked { state in
            state.stopped = true
            return state.reports.values.compactMap(\.storedPath)
        }
        for path in stored { unlink(path) }
    }

    public var today: Day { state.locked { $0.today } }

    /// The report files rendered so far (with `SimulatorOptions.reportFileDirectory`), oldest first.
    public var storedReportFiles: [String] {
        state.locked { $0.reports.values.sorted { $0.createdAt < $1.createdAt }.compactMap(\.storedPath) }
    }

    /// Moves "today" (e.g. to the next day): new days gain delivery and recent days' late
    /// conversions grow. Entities are unchanged.
    public func advanceToday(by days: Int) { state.locked { $0.today = $0.today.adding(days: days) } }

    /// Adds faults; grammar in `Fault`. `expire-token` and `revoke` act at once.
    public func inject(_ spec: String) throws {
        let faults = try Fault.parse(spec)
        for fault in faults {
            state.locked { state in
                if fault.isCredentialFault && fault.pathSubstring == nil {
                    state.applyCredentialFault(fault.kind)
                } else {
                    state.faults.append(fault)
                }
            }
        }
    }

    /// Moves the simulator's clock forward (token, URL and report expiry) without waiting.
    /// Whether the token may read pins from now on (a token re-authorized without the scopes),
    /// and whether the refusal is a 403 or a 401 code 3 (Pinterest has been seen to send both).
    public func setGrantsPinScopes(_ granted: Bool, refusingWith status: Int = 403) {
        state.locked { state in
            state.grantsPinScopes = granted
            state.pinScopeDenialStatus = status
        }
    }

    /// Whether every breakdown report ends FAILED from now on.
    public func setFailTargetingReports(_ fail: Bool) { state.locked { $0.failTargetingReports = fail } }

    public func advanceClock(by seconds: TimeInterval) { state.locked { $0.clockOffset += seconds } }

    /// Every refresh token stops working; a new consent (auth code) is needed.
    public func revokeRefreshTokens() { state.locked { $0.applyCredentialFault(.revokeRefreshTokens) } }

    /// Every access token issued so far is expired from now on.
    public func expireAccessTokens() { state.locked { $0.applyCredentialFault(.expireTokens) } }

    /// Refresh grants presented (each spends its refresh token), and how many of them presented
    /// a refresh token presented before.
    public var refreshGrants: (presented: Int, repeated: Int) {
        state.locked { ($0.presentedRefreshTokens.count + $0.repeatedRefreshTokens, $0.repeatedRefreshTokens) }
    }

    /// The newest refresh token (rotated on every refresh).
    public var currentRefreshToken: String { state.locked { $0.currentRefreshToken } }

    /// A fresh, valid bearer token.
    public func issueAccessToken() -> String {
        let token = SimulatorState.randomToken("pina.")
        state.locked { $0.accessTokens[token] = $0.now.addingTimeInterval(options.accessTokenLifetime) }
        return token
    }

    public var requests: [RecordedRequest] { state.locked { $0.requests } }
    public func clearRequests() { state.locked { $0.requests.removeAll() } }

    /// The truth about what is served right now.
    public var oracle: SimulatorOracle { SimulatorOracle(world: world, today: today) }

    // MARK: Dispatch

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var response = answer(request)
        response.delay = max(response.delay, options.responseDelay)
        return response
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let isAPI = request.path.hasPrefix("/v5/") && !request.path.hasPrefix("/v5/oauth/")
        let (fault, storm) = state.locked { state -> (Fault?, Int?) in
            state.requests.append(request.recorded)
            // Credential faults placed at a request (`expire-token@sub`, `revoke@sub`) act first.
            while let deferred = state.consumeFault(where: { $0.isCredentialFault && $0.matches(path: request.path) }) {
                state.applyCredentialFault(deferred.kind)
            }
            guard isAPI else { return (state.consumeFault { $0.isRequestFault && $0.matches(path: request.path) }, nil) }
            if let lifetime = options.accessTokenLifetimeRequests, let token = Self.bearerToken(request) {
                state.tokenUses[token, default: 0] += 1
                if state.tokenUses[token]! > lifetime { state.accessTokens[token] = nil }
            }
            state.apiRequestNumber += 1
            let draw = Int(hash(options.seed, 0x5707, state.apiRequestNumber) % 100)
            let storm: Int? = draw < options.stormPercent429 ? 429
                : draw < options.stormPercent429 + options.stormPercent5xx ? (draw % 2 == 0 ? 500 : 503) : nil
            // A stormed request leaves the injected faults for the next one.
            if storm != nil { return (nil, storm) }
            return (state.consumeFault { $0.isRequestFault && $0.matches(path: request.path) }, nil)
        }
        if let storm { return faultResponse(storm) }
        var delay: TimeInterval = 0
        if let fault {
            switch fault.kind {
            case .status(let status): return faultResponse(status)
            case .retryAfter(let seconds):
                return .error(429, code: 2726, "Reporting query cost limit exceeded. Retry after \(seconds) seconds",
                              headers: rateLimitHeaders(remaining: 0, reset: seconds))
            case .reset:
                var r = HTTPResponse(status: 0)
                r.dropConnection = true
                return r
            case .slow(let seconds): delay = seconds
            default: break
            }
        }
        var response = route(request)
        response.delay = delay
        response.headers.append(("x-pinterest-rid", String(UInt64.random(in: 1...UInt64.max) % 1_000_000_000_000)))
        return response
    }

    private func faultResponse(_ status: Int) -> HTTPResponse {
        switch status {
        case 429: .error(429, code: 8, "Rate limit exceeded. Please try again later.",
                         headers: rateLimitHeaders(remaining: 0, reset: options.rateLimitWindowSeconds))
        case 503: .error(503, code: 503, "Service unavailable. Please try again later.")
        default: .error(status, code: status, "Something went wrong on our end. Sorry about that.")
        }
    }

    func rateLimitHeaders(remaining: Int, reset: Int) -> [(String, String)] {
        [("x-ratelimit-limit", String(options.rateLimitPerMinute)),
         ("x-ratelimit-remaining", String(max(0, remaining))),
         ("x-ratelimit-reset", String(reset))]
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        if path.hasPrefix("/downloads/") { return download(request) }
        guard path.hasPrefix("/v5/") else { return .error(404, code: 404, "Not found.") }
        let segments = path.dropFirst(4).split(separator: "/", omittingEmptySubsequences: true).map(String.init)

        if segments == ["oauth", "token"] {
            guard request.method == "POST" else { return .error(405, code: 5, "Method not allowed.") }
            return limit("org_read") { oauthToken(request) }
        }
        guard authorized(request) else { return .error(401, code: 2, "Authentication failed.") }

        let category = segments.count >= 3 && segments[2] == "reports" ? "ads_analytics" : "ads_read"
        return limit(category) { routeAPI(request, segments) }
    }

    private func routeAPI(_ request: HTTPRequest, _ segments: [String]) -> HTTPResponse {
        switch (request.method, segments.count) {
        case ("GET", 1) where segments[0] == "user_account":
            return .json(200, .object([
                ("account_type", .string("BUSINESS")), ("id", .string(world.id(.owner, account: 0))),
                ("username", .string("owner_0")), ("business_name", .string("Acme \"Shoes\", Inc.")),
            ]))
        case (_, 0):
            return .error(404, code: 404, "Not found.")
        default:
            break
        }
        if segments[0] == "pins" { return pins(request, segments) }
        if segments[0] == "resources", segments.count == 3, segments[1] == "targeting", request.method == "GET" {
            return targetingNames(type: segments[2])
        }
        guard segments[0] == "ad_accounts" else { return .error(404, code: 404, "Not found.") }
        if segments.count == 1 {
            guard request.method == "GET" else { return .error(405, code: 5, "Method not allowed.") }
            return listAccounts(request)
        }
        let accountId = segments[1]
        guard accountId.count <= 18, !accountId.isEmpty, accountId.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .error(400, code: 1, "Invalid parameters: ad_account_id must match ^\\d+$ and be at most 18 characters.")
        }
        guard let a = world.accountIndex(of: accountId) else {
            return .error(404, code: 404, "AdAccount not found.")
        }
        if segments.count == 2 {
            guard request.method == "GET" else { return .error(405, code: 5, "Method not allowed.") }
            return .json(200, world.accountJSON(world.accountRecord(a)))
        }
        let resource = segments[2]
        if resource == "reports", segments.count == 3 {
            switch request.method {
            case "POST": return createReport(request, account: a)
            case "GET": return getReport(request, account: a)
            default: return .error(405, code: 5, "Method not allowed.")
            }
        }
        guard request.method == "GET" else { return .error(405, code: 5, "Method not allowed.") }
        guard let kind = ListKind(rawValue: resource) else { return .error(404, code: 404, "Not found.") }
        if segments.count == 3 { return listEntities(request, kind: kind, account: a) }
        if segments.count == 4 { return getEntity(kind: kind, account: a, id: segments[3]) }
        return .error(404, code: 404, "Not found.")
    }

    /// Bearer token present, known and unexpired.
    private func authorized(_ request: HTTPRequest) -> Bool {
        guard let token = Self.bearerToken(request) else { return false }
        return state.locked { state in
            guard let expiry = state.accessTokens[token] else { return false }
            return expiry > state.now
        }
    }

    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let header = request.header("authorization"), header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// Fixed windows (a minute unless shortened) per category, when `enforceRateLimit` is on: over the limit is a
    /// 429 code 8; every answer then carries the `x-ratelimit-*` headers (reset in seconds).
    private func limit(_ category: String, _ body: () -> HTTPResponse) -> HTTPResponse {
        guard options.enforceRateLimit else { return body() }
        let limit = options.rateLimitPerMinute
        let length = TimeInterval(options.rateLimitWindowSeconds)
        let (count, start, now) = state.locked { state -> (Int, Date, Date) in
            let now = state.now
            var window = state.rateWindows[category] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= length { window = (now, 0) }
            window.count += 1
            state.rateWindows[category] = window
            return (window.count, window.start, now)
        }
        let reset = max(1, Int((length - now.timeIntervalSince(start)).rounded(.up)))
        guard count > limit else {
            var response = body()
            response.headers += rateLimitHeaders(remaining: limit - count, reset: reset)
            return response
        }
        return .error(429, code: 8, "Rate limit exceeded. Please try again later.",
                      headers: rateLimitHeaders(remaining: 0, reset: reset))
    }
}

/// Lets the server's handler reach the simulator without a retain cycle (set once at start).
private final class HandlerBox: @unchecked Sendable {
    weak var simulator: PinterestSimulator?
}
