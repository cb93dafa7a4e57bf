import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinterestModel

/// The Pinterest API v5 client: OAuth, ad accounts, entity lists and async delivery reports.
///
/// One client is shared by all account tasks of a run: it paces requests for all of them
/// (`requestsPerMinute`), refreshes the access token once for all of them, and counts
/// requests per account.
public final class PinterestClient: Sendable {
    let configuration: PinterestAPIConfiguration
    let executor: RequestExecutor
    let tokens: TokenManager
    let onEvent: @Sendable (APIEvent) -> Void
    /// Today's UTC day; replaceable in tests.
    let today: @Sendable () -> Day

    /// `tokenStore`: where the tokens live; nil for the file at `configuration.tokenStorePath`.
    public convenience init(configuration: PinterestAPIConfiguration,
                            transport: any HTTPTransport = URLSessionTransport(),
                            tokenStore: (any TokenStore)? = nil,
                            onEvent: @escaping @Sendable (APIEvent) -> Void = { _ in }) {
        self.init(configuration: configuration, transport: transport, tokenStore: tokenStore, onEvent: onEvent,
                  now: { Int64(Date().timeIntervalSince1970) })
    }

    init(configuration: PinterestAPIConfiguration, transport: any HTTPTransport, tokenStore: (any TokenStore)? = nil,
         onEvent: @escaping @Sendable (APIEvent) -> Void, now: @escaping @Sendable () -> Int64) {
        self.configuration = configuration
        self.onEvent = onEvent
        self.today = { Day(unixSeconds: now()) }
        let executor = RequestExecutor(transport: transport, policy: configuration.retry,
                                       requestsPerMinute: configuration.requestsPerMinute,
                                       secrets: [configuration.clientSecret.value], onEvent: onEvent)
        self.executor = executor
        self.tokens = TokenManager(store: tokenStore ?? FileTokenStore(path: configuration.tokenStorePath),
                                   bootstrapRefreshToken: configuration.bootstrapRefreshToken,
                                   clientId: configuration.clientId, clientSecret: configuration.clientSecret,
                                   tokenURL: Self.url(configuration.baseURL, "/oauth/token", query: []),
                                   executor: executor, now: now)
    }

    // MARK: OAuth

    /// The consent page to send a user to (section 2.1): `https://www.pinterest.com/oauth/`.
    public func authorizationURL(redirectURI: String, state: String, scopes: [String] = ["ads:read"] + pinScopes) -> URL {
        let query = FormEncoding.encode([
            ("client_id", configuration.clientId),
            ("redirect_uri", redirectURI),
            ("response_type", "code"),
            ("scope", scopes.joined(separator: ",")),
            ("state", state),
        ])
        return URL(string: "https://www.pinterest.com/oauth/?" + query)!
    }

    /// Trades the code from the consent redirect for tokens and stores them.
    public func exchangeAuthorizationCode(_ code: String, redirectURI: String) async throws {
        try await tokens.exchange(code: code, redirectURI: redirectURI)
    }

    /// Checks the token store (readable, writable, holding a refresh token or configured with
    /// one) without calling Pinterest: a job calls it before it migrates or writes anything.
    public func checkTokenStore() async throws {
        try await tokens.preflight()
    }

    /// Refreshes now (proving the refresh token works) and stores the rotated token.
    public func checkAuthorization() async throws {
        _ = try await tokens.refresh(replacing: nil, force: true)
    }

    // MARK: Counting

    /// Requests made for `account` (nil: requests not tied to an account, such as OAuth).
    public func requestCount(account: String?) -> Int { executor.counter.count(account) }

    public var totalRequests: Int { executor.counter.total }

    // MARK: Requests

    static func url(_ base: URL, _ path: String, query: [(String, String)]) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty { text += "?" + FormEncoding.encode(query) }
        return URL(string: text)!
    }

    /// The path shown in events and errors: the API path under the base URL, without query.
    func displayPath(_ path: String) -> String {
        Redaction.path(of: Self.url(configuration.baseURL, path, query: []))
    }

    /// Refreshes one request may cause before it gives up: each needs a token that served
    /// requests and then expired, which a healthy API does about once a month.
    static let maxRefreshesPerRequest = 8

    /// An authorized request: bearer token, retries, and on 401 a refresh and a retry.
    ///
    /// A 401 means the token expired, unless the token is one Pinterest minted for this process
    /// a moment ago and this is the first answer it ever got: then the grant itself was refused
    /// (exit 77).
    /// A token that served requests (answered, rate-limited or failed with 5xx) and later answers
    /// 401 has simply expired; so has one read from the store (another process minted it).
    func call(_ method: String, _ path: String, query: [(String, String)] = [], jsonBody: Data? = nil,
              account: String?) async throws -> Data {
        let url = Self.url(configuration.baseURL, path, query: query)
        let shownPath = Redaction.path(of: url)
        var refreshes = 0
        var token = try await tokens.accessToken()
        while true {
            var attempts = 0
            let (data, response) = try await executor.perform(method: method, path: shownPath, account: account) {
                // Another attempt: the previous one with this token was answered (429, 5xx) or lost.
                if attempts > 0 { _ = await tokens.noteAnswer(for: token) }
                attempts += 1
                var request = URLRequest(url: url)
                request.httpMethod = method
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                request.setValue("application/json", forHTTPHeaderField: "Accept")
                if let jsonBody {
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.httpBody = jsonBody
                }
                return request
            }
            let firstAnswer = await tokens.noteAnswer(for: token)
            switch response.statusCode {
            case 200..<300:
                return data
            case 401 where ErrorBody(data).code == 3:
                // "Your token does not have sufficient permissions": a missing scope, not an
                // expired token; refreshing would only spend the refresh token.
                throw executor.httpError(method: method, path: shownPath, account: account, response: response, body: data)
            case 401:
                if firstAnswer, await tokens.minted(token) {
                    let error = ErrorBody(data)
                    throw PinterestAPIError.authorizationRejected(
                        reason: "\(method) \(shownPath) answered HTTP 401 to an access token Pinterest had just issued, on its first use"
                            + (error.message.map { ": " + executor.scrub($0) } ?? ""))
                }
                guard refreshes < Self.maxRefreshesPerRequest else {
                    throw PinterestAPIError.tokensKeepExpiring(method: method, path: shownPath, account: account, refreshes: refreshes)
                }
                refreshes += 1
                token = try await tokens.refresh(replacing: token)
            default:
                throw executor.httpError(method: method, path: shownPath, account: account, response: response, body: data)
            }
        }
    }

    /// A JSON response, parsed; a body that is not JSON is a bad response.
    func callJSON(_ method: String, _ path: String, query: [(String, String)] = [], jsonBody: Data? = nil,
                  account: String?, what: String) async throws -> JSONValue {
        let data = try await call(method, path, query: query, jsonBody: jsonBody, account: account)
        do {
            return try JSONValue.parse(data)
        } catch let error as JSONSyntaxError {
            throw PinterestAPIError.badResponse(what: what, field: "(body)", entityId: nil, account: account,
                                                problem: "not valid JSON (\(error))")
        }
    }
}
