import Foundation

public enum SimulatorFaultError: Error, CustomStringConvertible {
    case invalidSpec(String)
    public var description: String {
        switch self { case .invalidSpec(let s): "invalid fault spec \"\(s)\"" }
    }
}

extension PinterestSimulator {
    /// The fault grammar in one paragraph, for command-line help.
    public static let faultGrammarHelp = """
        Faults (comma-separated): 429xN[@path] 500xN[@path] 503xN[@path] (next N matching requests \
        get that status), retry:Ns[@path] (429 "Retry after N seconds"), slow:Ns|Nms[@path] (next \
        request delayed), reset[@path] (connection closed unanswered), truncate (next download cut \
        short), malformed (next download invalid JSON), endless (next download never ends), fail / expire (next report ends FAILED / \
        EXPIRED), expire-token (access tokens expire now), revoke (refresh tokens revoked now); \
        expire-token@path / revoke@path do it when a matching request arrives. \
        Without @path a fault matches API requests under /v5/; with it, any request whose path \
        contains the text.
        """
}

/// One pending fault. The grammar (comma-separated, whitespace ignored):
///
/// * `429xN[@sub]`, `500xN[@sub]`, `503xN[@sub]` — the next N matching requests get that status
///   (429 carries code 8 and the `x-ratelimit-*` headers). `xN` may be left out (= once).
/// * `retry:Ns[@sub]` — the next matching request gets 429 whose message says
///   "Retry after N seconds" (the reporting cost-limit error seen in the wild).
/// * `slow:Ns[@sub]` (also `Nms`) — the next matching request is answered after that delay.
/// * `reset[@sub]` — the next matching request gets no answer: the connection is closed.
/// * `truncate` — the next report download stops halfway through the body, then closes.
/// * `malformed` — the next report download is not valid JSON.
/// * `endless` — the next report download never ends: a report's opening, then whitespace at a
///   few MB/s for as long as the client reads (until it disconnects).
/// * `fail` / `expire` — the next report created ends FAILED / EXPIRED instead of FINISHED.
/// * `expire-token` — every access token issued so far expires now (applied immediately);
///   `expire-token@sub` does it when the next request whose path contains `sub` arrives, so a
///   test can place it mid-run without racing the program.
/// * `revoke` / `revoke@sub` — every refresh token is revoked, now or at that request.
///
/// Matching: without `@sub` a fault applies to API requests only (paths under `/v5/`, including
/// the token endpoint), never to downloads; with `@sub` it applies to any request (downloads
/// too) whose path contains `sub`. Faults are consumed in the order they were injected.
struct Fault: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case status(Int)
        case retryAfter(Int)
        case slow(TimeInterval)
        case reset
        case truncate
        case endless
        case malformed
        case failReport
        case expireReport
        case expireTokens
        case revokeRefreshTokens
    }

    var kind: Kind
    var remaining: Int
    var pathSubstring: String?

    func matches(path: String) -> Bool {
        if let sub = pathSubstring { return path.contains(sub) }
        return path.hasPrefix("/v5/")
    }

    static func parse(_ spec: String) throws -> [Fault] {
        try spec.split(separator: ",").map { item in
            let text = item.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw SimulatorFaultError.invalidSpec(spec) }
            var body = Substring(text)
            var sub: String? = nil
            if let at = body.firstIndex(of: "@") {
                sub = String(body[body.index(after: at)...])
                body = body[..<at]
                guard !(sub?.isEmpty ?? true) else { throw SimulatorFaultError.invalidSpec(text) }
            }
            func seconds(_ s: Substring) throws -> TimeInterval {
                if s.hasSuffix("ms"), let v = Double(s.dropLast(2)) { return v / 1_000 }
                if s.hasSuffix("s"), let v = Double(s.dropLast()) { return v }
                if let v = Double(s) { return v }
                throw SimulatorFaultError.invalidSpec(text)
            }
            switch body {
            case "reset": return Fault(kind: .reset, remaining: 1, pathSubstring: sub)
            case "truncate": return Fault(kind: .truncate, remaining: 1, pathSubstring: sub)
            case "endless": return Fault(kind: .endless, remaining: 1, pathSubstring: sub)
            case "malformed": return Fault(kind: .malformed, remaining: 1, pathSubstring: sub)
            case "fail": return Fault(kind: .failReport, remaining: 1, pathSubstring: sub)
            case "expire": return Fault(kind: .expireReport, remaining: 1, pathSubstring: sub)
            case "expire-token": return Fault(kind: .expireTokens, remaining: 1, pathSubstring: sub)
            case "revoke": return Fault(kind: .revokeRefreshTokens, remaining: 1, pathSubstring: sub)
            default: break
            }
            if body.hasPrefix("slow:") {
                return Fault(kind: .slow(try seconds(body.dropFirst(5))), remaining: 1, pathSubstring: sub)
            }
            if body.hasPrefix("retry:") {
                let s = try seconds(body.dropFirst(6))
                return Fault(kind: .retryAfter(max(0, Int(s.rounded(.up)))), remaining: 1, pathSubstring: sub)
            }
            let pieces = body.split(separator: "x", maxSplits: 1)
            guard let status = Int(pieces[0]), [429, 500, 503].contains(status) else {
                throw SimulatorFaultError.invalidSpec(text)
            }
            var count = 1
            if pieces.count == 2 {
                guard let n = Int(pieces[1]), n > 0 else { throw SimulatorFaultError.invalidSpec(text) }
                count = n
            }
            return Fault(kind: .status(status), remaining: count, pathSubstring: sub)
        }
    }

    /// `expire-token` and `revoke`: they change the credentials rather than answer a request.
    var isCredentialFault: Bool { kind == .expireTokens || kind == .revokeRefreshTokens }

    /// Faults that act on the next request's response (as opposed to downloads or reports).
    var isRequestFault: Bool {
        switch kind {
        case .status, .retryAfter, .slow, .reset: true
        default: false
        }
    }
}
