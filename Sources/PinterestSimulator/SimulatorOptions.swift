import Foundation
import PinterestModel

/// Everything that shapes a simulator run. Same options (and seed) → same accounts, entities and
/// delivery, so tests can compare what the connector loaded against `PinterestSimulator.oracle`.
public struct SimulatorOptions: Sendable {
    public var seed: UInt64 = 1
    public var accountCount: Int = 2
    /// Ads per account (default for every account).
    public var adsPerAccount: Int = 40
    /// Per-account-index override of `adsPerAccount`; indexes beyond its end use `adsPerAccount`.
    public var adsPerAccountByIndex: [Int]? = nil
    /// The simulated "today" (UTC). Delivery exists only for days before it. Entity creation
    /// dates are anchored to this initial value, so `advanceToday(by:)` does not move them.
    public var today: Day = Day(unixSeconds: Int64(Date().timeIntervalSince1970))
    public var clientId = "sim-client-id"
    public var clientSecret = "sim-client-secret"
    public var initialRefreshToken = "pinr.sim-initial-refresh-token"
    /// The one authorization code the token endpoint accepts (single use, like the real one).
    public var authorizationCode = "sim-authorization-code"
    /// The redirect URI registered for the simulated app; the auth-code exchange must repeat it.
    public var redirectURI = "http://localhost:8085/callback"
    public var accessTokenLifetime: TimeInterval = 2_592_000
    /// When set, an access token works for this many API requests, then answers 401 as expired.
    /// Every request that presents it counts, also one answered 429 or 5xx.
    public var accessTokenLifetimeRequests: Int? = nil
    /// A storm: this share of API requests (under /v5/, OAuth excepted), in percent, answers 429,
    /// and `stormPercent5xx` answers 500 or 503. Which ones is fixed by the seed and the
    /// request's number, so a storm replays the same way.
    public var stormPercent429 = 0
    public var stormPercent5xx = 0
    /// Continuous refresh tokens: 60 days, renewed on every refresh.
    public var refreshTokenLifetime: TimeInterval = 5_184_000
    /// How many polls of a new report answer IN_PROGRESS before it is FINISHED.
    public var reportPollsBeforeReady = 2
    /// Pre-signed download URLs expire after this (Pinterest: five minutes).
    public var downloadURLLifetime: TimeInterval = 300
    /// A report token answers EXPIRED after this (Pinterest: "the report is valid for one hour").
    public var reportLifetime: TimeInterval = 3_600
    /// When true, more than `rateLimitPerMinute` requests per minute in one rate-limit category
    /// (`ads_analytics` for reports, `ads_read` for lists, `org_read` for OAuth) get 429 code 8.
    public var enforceRateLimit = false
    public var rateLimitPerMinute = 300
    /// The length of a rate-limit window, and so the `x-ratelimit-reset` of an injected 429.
    /// Pinterest's is a minute; tests shorten it so a 429 storm does not cost minutes.
    public var rateLimitWindowSeconds = 60
    /// Writes id columns in report files as exact integer literals instead of strings (Pinterest's
    /// documentation does not say which it sends; a robust client handles both).
    public var reportIdsAsNumbers = false
    /// Whether the token may read pins (`pins:read`, `boards:read`); without, `/pins` answers 403.
    public var grantsPinScopes = true
    /// Every breakdown (`PIN_PROMOTION_TARGETING`) report ends FAILED, every time.
    public var failTargetingReports = false
    /// Every answer waits this long first (a slow Pinterest, seconds per request).
    public var responseDelay: TimeInterval = 0
    /// Where finished reports are written, like the stored objects S3 serves: set, a report is
    /// rendered to a file there while it is IN_PROGRESS and downloads are read from that file
    /// (cheap, as a real download is for the client's machine); nil, each download renders the
    /// report as it streams (no disk, but the simulator's CPU then competes with the client's).
    /// The files are removed when the simulator stops.
    public var reportFileDirectory: String? = nil
    /// Faults active from the start; same grammar as `PinterestSimulator.inject(_:)`.
    public var faults: [String] = []

    public init() {}

    /// Number of ads of the account at `index`.
    public func adCount(forAccount index: Int) -> Int {
        if let overrides = adsPerAccountByIndex, index < overrides.count { return max(0, overrides[index]) }
        return max(0, adsPerAccount)
    }
}
