import Foundation
import Glibc

/// The tokens as stored: the current access token and the current (rotating) refresh token.
struct StoredTokens: Codable, Sendable, Equatable {
    var accessToken: String?
    /// Unix seconds.
    var accessTokenExpiresAt: Int64?
    var refreshToken: String
    /// Unix seconds.
    var refreshTokenExpiresAt: Int64?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case accessTokenExpiresAt = "access_token_expires_at"
        case refreshToken = "refresh_token"
        case refreshTokenExpiresAt = "refresh_token_expires_at"
    }

    /// An access token still good `margin` seconds from `now`.
    func validAccessToken(now: Int64, margin: Int64) -> String? {
        guard let accessToken, !accessToken.isEmpty, let expiry = accessTokenExpiresAt, expiry > now + margin else { return nil }
        return accessToken
    }
}
