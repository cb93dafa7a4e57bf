import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinterestModel

/// Hands out access tokens; refreshes them once for any number of concurrent callers
/// (single flight), across processes under the token store's lock, and stores the rotated
/// refresh token before anyone uses the new access token.
actor TokenManager {
    private let store: any TokenStore
    private let bootstrapRefreshToken: Secret?
    private let clientId: String
    private let clientSecret: Secret
    private let tokenURL: URL
    private let executor: RequestExecutor
    private let now: @Sendable () -> Int64
    /// Refresh when the access token expires within this many seconds.
    private let margin: Int64 = 300

    private var cached: StoredTokens?
    /// The access token this process last got from Pinterest itself (not read from the store).
    private var lastMinted: String?
    private var inFlight: Task<StoredTokens, Error>?
    /// Answers Pinterest gave to requests with each recent access token (the last few tokens).
    private var answers: [String: Int] = [:]
    /// Refreshes this process made; past `maxRefreshesPerRun` tokens are expiring faster than
    /// any healthy API lets them, and the run stops rather than spin.
    private var refreshCount = 0
    static let maxRefreshesPerRun = 100

    init(store: any TokenStore, bootstrapRefreshToken: Secret?, clientId: String, clientSecret: Secret,
         tokenURL: URL, executor: RequestExecutor,
         now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store
        self.bootstrapRefreshToken = bootstrapRefreshToken
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.tokenURL = tokenURL
        self.executor = executor
        self.now = now
    }

    /// A valid access token: the cached one, the stored one, or a fresh one.
    func accessToken() async throws -> String {
        if let token = cached?.validAccessToken(now: now(), margin: margin) { return token }
        if inFlight == nil, let stored = try await store.load() {
            cached = stored
            if let token = stored.validAccessToken(now: now(), margin: margin) { return token }
        }
        return try await refresh(replacing: cached?.accessToken)
    }

    /// Checks, without a request, that the token store can be read and written and that a
    /// refresh token is at hand (stored, or configured to bootstrap), so a run fails on its
    /// store before it touches the warehouse.
    func preflight() async throws {
        try await store.checkWritable()
        let stored = try await store.load()
        if stored.map({ !$0.refreshToken.isEmpty }) != true, bootstrapRefreshToken?.value.isEmpty ?? true {
            throw PinterestAPIError.missingRefreshToken(tokenStore: store.location)
        }
    }

    /// Whether `token` came from this process's own refresh rather than from the store.
    func minted(_ token: String) -> Bool { lastMinted == token }

    /// Counts an answer to a request sent with `token`; true when it is the token's first. Counted
    /// when answers arrive, not when requests leave: concurrent requests reach Pinterest in any
    /// order, so the first one sent need not be the first one Pinterest counted.
    func noteAnswer(for token: String) -> Bool {
        if answers[token] == nil, answers.count >= 8 { answers.removeAll() }
        answers[token, default: 0] += 1
        return answers[token] == 1
    }

    /// Refreshes because `stale` was rejected (or expired). Callers that arrive while a refresh
    /// is running, or after it replaced `stale`, get its result without another refresh.
    func refresh(replacing stale: String?, force: Bool = false) async throws -> String {
        if let task = inFlight { return try await task.value.accessToken ?? "" }
        if !force, let current = cached?.validAccessToken(now: now(), margin: margin), current != stale {
            return current
        }
        let task = Task { try await self.refreshUnderLock(stale: stale, force: force) }
        inFlight = task
        defer { inFlight = nil }
        let tokens = try await task.value
        cached = tokens
        return tokens.accessToken ?? ""
    }

    private func refreshUnderLock(stale: String?, force: Bool) async throws -> StoredTokens {
        try await store.withLock { session in
            // Another process may have refreshed while we waited for the lock.
            let onDisk = try session.load()
            if !force, let disk = onDisk, let token = disk.validAccessToken(now: now(), margin: margin), token != stale {
                cached = disk
                return disk
            }
            let refreshToken = onDisk.map(\.refreshToken).flatMap { $0.isEmpty ? nil : $0 }
                ?? bootstrapRefreshToken?.value
            guard let refreshToken else { throw PinterestAPIError.missingRefreshToken(tokenStore: store.location) }
            guard refreshCount < Self.maxRefreshesPerRun else {
                throw PinterestAPIError.tokensKeepExpiring(method: "POST", path: Redaction.path(of: tokenURL), account: nil,
                                                           refreshes: refreshCount)
            }
            refreshCount += 1
            // Pinterest rotates the refresh token: spend it only if its successor can be stored.
            try session.checkWritable()
            let fresh = try await requestTokens(form: [
                ("grant_type", "refresh_token"),
                ("refresh_token", refreshToken),
                ("continuous_refresh", "true"),
            ], previousRefreshToken: refreshToken)
            do { try session.save(fresh) } catch {
                // Pinterest has rotated the refresh token already; the stored one may be dead now.
                let problem = if case PinterestAPIError.tokenStore(_, let problem) = error { problem } else { String(describing: error) }
                throw PinterestAPIError.rotatedTokenNotStored(store: store.location, problem: problem)
            }
            // Stored first, then handed out: a crash from here on loses nothing.
            cached = fresh
            lastMinted = fresh.accessToken
            executor.onEvent(.tokenRefreshed)
            return fresh
        }
    }

    /// Trades an authorization code for tokens and stores them.
    func exchange(code: String, redirectURI: String) async throws {
        try await store.withLock { session in
            try session.checkWritable()
            let tokens = try await requestTokens(form: [
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirectURI),
                ("continuous_refresh", "true"),
            ], previousRefreshToken: nil)
            try session.save(tokens)
            cached = tokens
        }
    }

    private func requestTokens(form: [(String, String)], previousRefreshToken: String?) async throws -> StoredTokens {
        let body = Data(FormEncoding.encode(form).utf8)
        let credentials = Data("\(clientId):\(clientSecret.value)".utf8).base64EncodedString()
        let path = Redaction.path(of: tokenURL)
        let (data, response) = try await executor.perform(method: "POST", path: path, account: nil, limited: false) {
            var request = URLRequest(url: tokenURL)
            request.httpMethod = "POST"
            request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            request.httpBody = body
            return request
        }
        switch response.statusCode {
        case 200..<300:
            break
        case 400, 401, 403:
            let error = ErrorBody(data)
            let message = error.message.map(executor.scrub) ?? "HTTP \(response.statusCode)"
            throw PinterestAPIError.authorizationRejected(
                reason: "token endpoint answered HTTP \(response.statusCode)" + (error.code.map { " code \($0)" } ?? "") + ": \(message)")
        default:
            throw executor.httpError(method: "POST", path: path, account: nil, response: response, body: data)
        }
        return try Self.decodeTokenResponse(data, now: now(), previousRefreshToken: previousRefreshToken)
    }

    static func decodeTokenResponse(_ data: Data, now: Int64, previousRefreshToken: String?) throws -> StoredTokens {
        func bad(_ field: String, _ problem: String) -> PinterestAPIError {
            .badResponse(what: "OAuth token response", field: field, entityId: nil, account: nil, problem: problem)
        }
        guard let value = try? JSONValue.parse(data), case .object = value else { throw bad("(body)", "not a JSON object") }
        guard case .string(let access)? = value["access_token"], !access.isEmpty else {
            throw bad("access_token", "missing")
        }
        func integer(_ key: String) -> Int64? {
            if case .number(let text)? = value[key] { return ExactNumber.int64(text) }
            return nil
        }
        let expiresIn = integer("expires_in") ?? 30 * 86_400
        var refresh: String?
        if case .string(let text)? = value["refresh_token"], !text.isEmpty { refresh = text }
        guard let refreshToken = refresh ?? previousRefreshToken else {
            throw bad("refresh_token", "missing; the app must be allowed refreshable tokens")
        }
        let refreshExpiry = integer("refresh_token_expires_at")
            ?? integer("refresh_token_expires_in").map { now + $0 }
        return StoredTokens(accessToken: access, accessTokenExpiresAt: now + expiresIn,
                            refreshToken: refreshToken, refreshTokenExpiresAt: refreshExpiry)
    }
}
