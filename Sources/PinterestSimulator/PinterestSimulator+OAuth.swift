import Foundation
import Synchronization

/// `POST /v5/oauth/token`.
///
/// Assumptions where Pinterest's documentation leaves the behaviour open:
/// * Refresh tokens rotate: each refresh returns a new refresh token and the one presented stops
///   working at once.
/// * A bad client id/secret, an unknown, used, expired or revoked refresh token, or a bad
///   authorization code all answer 401 `{"code":2,"message":"Authentication failed."}` (the
///   spec's generic auth failure); a malformed request answers 400 code 1.
/// * `continuous_refresh=true` is accepted (and ignored) on both grants.
/// * The authorization code is single use.
extension PinterestSimulator {
    static let scope = "ads:read,user_accounts:read"

    func oauthToken(_ request: HTTPRequest) -> HTTPResponse {
        guard let header = request.header("authorization"), header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: decoded, encoding: .utf8),
              pair == "\(options.clientId):\(options.clientSecret)"
        else { return .error(401, code: 2, "Authentication failed.") }

        let form = Self.parseForm(request.body)
        switch form["grant_type"] {
        case "refresh_token":
            guard let presented = form["refresh_token"], !presented.isEmpty else {
                return .error(400, code: 1, "Missing required parameter: refresh_token.")
            }
            let ok = state.locked { state -> Bool in
                if !state.presentedRefreshTokens.insert(presented).inserted { state.repeatedRefreshTokens += 1 }
                guard let expiry = state.refreshTokens[presented], expiry > state.now else { return false }
                state.refreshTokens[presented] = nil  // rotation: the presented token is used up
                return true
            }
            guard ok else { return .error(401, code: 2, "Authentication failed.") }
            return issueTokens(responseType: "refresh_token")
        case "authorization_code":
            guard let code = form["code"], let redirect = form["redirect_uri"] else {
                return .error(400, code: 1, "Missing required parameter: code and redirect_uri are required.")
            }
            let ok = state.locked { state -> Bool in
                guard code == options.authorizationCode, redirect == options.redirectURI,
                      !state.authorizationCodeUsed else { return false }
                state.authorizationCodeUsed = true
                return true
            }
            guard ok else { return .error(401, code: 2, "Authentication failed.") }
            return issueTokens(responseType: "authorization_code")
        case "client_credentials":
            let token = issueAccessToken()
            return .json(200, .object([
                ("access_token", .string(token)), ("token_type", .string("bearer")),
                ("expires_in", .int(Int64(options.accessTokenLifetime))), ("scope", .string(form["scope"] ?? Self.scope)),
                ("response_type", .string("client_credentials")),
            ]))
        case nil:
            return .error(400, code: 1, "Missing required parameter: grant_type.")
        default:
            return .error(400, code: 1, "Invalid parameters: unsupported grant_type.")
        }
    }

    private func issueTokens(responseType: String) -> HTTPResponse {
        let access = issueAccessToken()
        let refresh = SimulatorState.randomToken("pinr.", bytes: 40)
        let refreshExpiry = state.locked { $0.now }.addingTimeInterval(options.refreshTokenLifetime)
        state.locked { state in
            state.refreshTokens[refresh] = refreshExpiry
            state.currentRefreshToken = refresh
        }
        return .json(200, .object([
            ("response_type", .string(responseType)),
            ("access_token", .string(access)), ("token_type", .string("bearer")),
            ("expires_in", .int(Int64(options.accessTokenLifetime))), ("scope", .string(Self.scope)),
            ("refresh_token", .string(refresh)),
            ("refresh_token_expires_in", .int(Int64(options.refreshTokenLifetime))),
            ("refresh_token_expires_at", .int(Int64(refreshExpiry.timeIntervalSince1970))),
        ]))
    }

    /// `application/x-www-form-urlencoded` (`+` is a space).
    static func parseForm(_ body: Data) -> [String: String] {
        var result: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            let key = decode(parts[0])
            result[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}
