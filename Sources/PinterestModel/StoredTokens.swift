/// The OAuth tokens as a token store keeps them (a file, or the warehouse): the current access
/// token and the current (rotating) refresh token.
public struct StoredTokens: Codable, Sendable, Equatable {
    public var accessToken: String?
    /// Unix seconds.
    public var accessTokenExpiresAt: Int64?
    public var refreshToken: String
    /// Unix seconds.
    public var refreshTokenExpiresAt: Int64?

    public init(accessToken: String?, accessTokenExpiresAt: Int64?, refreshToken: String, refreshTokenExpiresAt: Int64?) {
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.refreshToken = refreshToken
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case accessTokenExpiresAt = "access_token_expires_at"
        case refreshToken = "refresh_token"
        case refreshTokenExpiresAt = "refresh_token_expires_at"
    }

    /// An access token still good `margin` seconds from `now`.
    public func validAccessToken(now: Int64, margin: Int64) -> String? {
        guard let accessToken, !accessToken.isEmpty, let expiry = accessTokenExpiresAt, expiry > now + margin else { return nil }
        return accessToken
    }
}

/// Printed or dumped, tokens show only whether they are there: they are secrets.
extension StoredTokens: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "StoredTokens(access token: \(accessToken == nil ? "none" : "redacted"), refresh token: redacted)"
    }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
