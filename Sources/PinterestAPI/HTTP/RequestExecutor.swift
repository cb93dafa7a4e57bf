import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests with pacing, counting, events and the retry budget of `RetryPolicy`.
///
/// Retries 429, "Retry after N seconds" answers, 5xx and network failures; returns every other
/// response (2xx and the 4xx the caller must judge, including 401) to the caller.
final class RequestExecutor: Sendable {
    enum Exchange {
        case send
        case download(path: String, maxBytes: Int64, progress: DownloadProgress)
    }

    let transport: any HTTPTransport
    let policy: RetryPolicy
    let limiter: RateLimiter
    let counter = RequestCounter()
    let onEvent: @Sendable (APIEvent) -> Void
    /// Values scrubbed from any server text that ends up in an error.
    let secrets: [String]

    init(transport: any HTTPTransport, policy: RetryPolicy, requestsPerMinute: Int,
         secrets: [String], onEvent: @escaping @Sendable (APIEvent) -> Void) {
        self.transport = transport
        self.policy = policy
        self.limiter = RateLimiter(requestsPerMinute: requestsPerMinute)
        self.secrets = secrets
        self.onEvent = onEvent
    }

    private enum Verdict {
        case done
        case rateLimited(told: Duration?, problem: String)
        case unavailable(told: Duration?, problem: String)
    }

    /// - Parameters:
    ///   - path: what errors and events show (no query string).
    ///   - limited: whether the request goes through the client-side limiter.
    ///   - counted: whether a first attempt counts toward the account's requests (a report
    ///     file's later ranges do not: the file is one download); retries always count.
    ///   - makeRequest: builds the request for each attempt.
    nonisolated(nonsending) func perform(
        method: String, path: String, account: String?, limited: Bool = true, counted: Bool = true,
        exchange: Exchange = .send, makeRequest: () async throws -> URLRequest
    ) async throws -> (Data, HTTPURLResponse) {
        var attempt = 0
        var waited: Duration = .zero
        while true {
            attempt += 1
            try Task.checkCancellation()
            if limited { try await limiter.acquire() }
            var request = try await makeRequest()
            request.timeoutInterval = policy.requestTimeout
            if counted || attempt > 1 { counter.increment(account) }

            let verdict: Verdict
            do {
                let data: Data
                let response: HTTPURLResponse
                switch exchange {
                case .send:
                    (data, response) = try await transport.send(request)
                case .download(let file, let maxBytes, let progress):
                    response = try await transport.download(request, to: file, maxBytes: maxBytes, progress: progress)
                    data = Data()
                }
                onEvent(.request(method: method, path: path, status: response.statusCode, account: account))
                verdict = judge(response, body: data)
                if case .done = verdict { return (data, response) }
            } catch let error as URLError {
                if error.code == .cancelled || Task.isCancelled { throw CancellationError() }
                onEvent(.request(method: method, path: path, status: 0, account: account))
                verdict = .unavailable(told: nil, problem: "network error \(Self.name(of: error.code))")
            }

            let (told, problem, isRateLimit): (Duration?, String, Bool)
            switch verdict {
            case .done: fatalError("unreachable")
            case let .rateLimited(t, p): (told, problem, isRateLimit) = (t, p, true)
            case let .unavailable(t, p): (told, problem, isRateLimit) = (t, p, false)
            }
            let delay = told ?? policy.backoff(afterAttempt: attempt)
            if attempt >= policy.maxAttempts || waited + delay > policy.maxTotalWait {
                if isRateLimit {
                    throw PinterestAPIError.rateLimited(method: method, path: path, account: account,
                                                        attempts: attempt, waited: waited)
                }
                throw PinterestAPIError.unavailable(method: method, path: path, account: account,
                                                    attempts: attempt, lastProblem: problem)
            }
            onEvent(.retry(reason: "\(method) \(path): \(problem)", delay: delay, account: account))
            try await Task.sleep(for: delay)
            waited += delay
        }
    }

    private func judge(_ response: HTTPURLResponse, body: Data) -> Verdict {
        let status = response.statusCode
        if (200..<300).contains(status) { return .done }
        let error = ErrorBody(body)
        let toldByMessage = error.message.flatMap(Self.retryAfter(inMessage:))
        if status == 429 {
            let told = Self.retryAfter(headers: response) ?? toldByMessage
            return .rateLimited(told: told, problem: "HTTP 429 rate limited" + (error.code.map { " (code \($0))" } ?? ""))
        }
        if status >= 500 {
            return .unavailable(told: toldByMessage, problem: "HTTP \(status)")
        }
        if let told = toldByMessage, status != 401, status != 403, status != 404 {
            // Pinterest also answers 400 {"code":1,"message":"Retry after 5 seconds"}.
            return .rateLimited(told: told, problem: "HTTP \(status) asking to retry later")
        }
        return .done
    }

    /// `x-ratelimit-reset` (seconds to wait, or a Unix time if it looks like one) or `Retry-After`.
    static func retryAfter(headers response: HTTPURLResponse) -> Duration? {
        for name in ["x-ratelimit-reset", "retry-after"] {
            guard let text = response.value(forHTTPHeaderField: name)?.trimmingCharacters(in: .whitespaces),
                  let value = Double(text), value.isFinite, value >= 0 else { continue }
            if value > 1_000_000_000 {
                let remaining = value - Date().timeIntervalSince1970
                return .seconds(max(remaining, 0))
            }
            return .seconds(value)
        }
        return nil
    }

    /// "… Retry after 5 seconds" → 5 s.
    static func retryAfter(inMessage message: String) -> Duration? {
        guard let range = message.range(of: "retry after ", options: .caseInsensitive) else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        return .seconds(value)
    }

    /// The error for a response the caller will not accept.
    func httpError(method: String, path: String, account: String?, response: HTTPURLResponse, body: Data) -> PinterestAPIError {
        let error = ErrorBody(body)
        let message = error.message.map { Redaction.scrub($0, secrets: secrets) } ?? "(no message)"
        return .http(method: method, path: path, account: account, status: response.statusCode,
                     code: error.code, message: message)
    }

    func scrub(_ text: String) -> String { Redaction.scrub(text, secrets: secrets) }

    private static func name(of code: URLError.Code) -> String {
        switch code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "cannot connect"
        case .networkConnectionLost: return "connection lost"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .notConnectedToInternet: return "not connected"
        case .secureConnectionFailed: return "TLS failure"
        default: return "code \(code.rawValue)"
        }
    }
}

/// Pinterest's error body `{"code": Int, "message": String}`, when the body is one.
struct ErrorBody {
    var code: Int?
    var message: String?

    init(_ data: Data) {
        guard !data.isEmpty, let value = try? JSONValue.parse(data), case .object = value else { return }
        if case .number(let text)? = value["code"] { code = Int(text) }
        if case .string(let text)? = value["message"] { message = text }
    }
}
