import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// Everything a run needs to know, validated: built once by `ConfigurationLoader` before any
/// request or write, so a bad value stops the program naming its key (exit 78).
public struct Configuration: Sendable {
    /// Accounts to import; empty means every account the token can read.
    public var adAccountIds: [String] = []
    public var clientId: String?
    public var clientSecret: Secret?
    /// Bootstrap only: the token store holds the current, rotated refresh token.
    public var refreshToken: Secret?
    /// The token file's path, or the word `warehouse`: the PostgreSQL warehouse's token table,
    /// shared by workers on several machines.
    public var tokenStore: String
    public var apiBaseURL = URL(string: "https://api.pinterest.com/v5")!
    public var sink = SinkURL.sqlite(path: "pinterest.sqlite")
    public var lookbackDays = 5
    /// Targeting types loaded into `pinterest_data_targeting` by `delivery`; empty: no breakdowns.
    public var breakdowns = TargetingTypes.defaultBreakdowns
    public var attribution = ReportAttribution()
    public var maxParallelAccounts = 4
    /// Attempts per request before giving up (429, 5xx, timeouts, resets).
    public var retryMaxAttempts = 8
    /// Total waiting between attempts of one request before giving up, in seconds.
    public var retryMaxWaitSeconds = 900
    /// How long one request may wait for the server (connect, or between bytes) before it counts
    /// as a timeout and is retried, in seconds.
    public var requestTimeoutSeconds = 60
    /// How long a report may stay in progress before the account fails, in minutes.
    public var reportTimeoutMinutes = 30
    /// How long one report download may take in all before the account fails, in seconds.
    public var reportDownloadTimeoutSeconds = 3600
    /// The largest report file one download may write before the account fails, in bytes.
    public var reportDownloadMaxBytes = Int(PinterestAPIConfiguration.defaultReportDownloadMaxBytes)
    /// How long a run waits for an account another run is loading (PostgreSQL, several
    /// workers) before leaving it to that run, in minutes; 0: only one more look at the end.
    public var lockWaitMinutes = 60
    /// Where the values came from, for messages: the file path, or nil when only the environment.
    public var file: String?

    public init(tokenStore: String) { self.tokenStore = tokenStore }

    /// The word that puts the tokens in the warehouse (`etl_oauth_tokens`) instead of a file.
    public static let warehouseTokenStore = "warehouse"

    public var usesWarehouseTokenStore: Bool { tokenStore == Self.warehouseTokenStore }

    /// Values that must never be printed: handed to the logger's scrubber.
    public var secrets: [String] {
        var values = [clientSecret?.value, refreshToken?.value].compactMap { $0 }
        values += sink.passwords
        return values
    }

    /// The client id and secret, or the configuration error that says which is missing.
    public func appCredentials() throws -> (clientId: String, clientSecret: Secret) {
        guard let clientId, !clientId.isEmpty else {
            throw ConfigurationError(key: "client_id", source: file,
                message: "is required to call Pinterest: set it in the config file or PINTEREST_CLIENT_ID")
        }
        guard let clientSecret, !clientSecret.value.isEmpty else {
            throw ConfigurationError(key: "client_secret", source: file,
                message: "is required to call Pinterest: set PINTEREST_CLIENT_SECRET, PINTEREST_CLIENT_SECRET_FILE or the systemd credential pinterest_client_secret")
        }
        return (clientId, clientSecret)
    }
}

extension Configuration {
    /// The Pinterest client these settings describe; its events go to `events`.
    /// Throws the configuration error naming a missing app credential.
    public func makeClient(events: APIEventLog) throws -> PinterestClient {
        let (clientId, clientSecret) = try appCredentials()
        let apiConfiguration = PinterestAPIConfiguration(
            baseURL: apiBaseURL, clientId: clientId, clientSecret: clientSecret,
            tokenStorePath: tokenStore, bootstrapRefreshToken: refreshToken,
            attribution: attribution,
            reportPolling: ReportPolling(timeout: .seconds(reportTimeoutMinutes * 60)),
            retry: RetryPolicy(maxAttempts: retryMaxAttempts, maxTotalWait: .seconds(retryMaxWaitSeconds),
                               requestTimeout: TimeInterval(requestTimeoutSeconds)),
            reportDownloadTimeout: .seconds(reportDownloadTimeoutSeconds),
            reportDownloadMaxBytes: Int64(reportDownloadMaxBytes))
        let store: (any TokenStore)? = usesWarehouseTokenStore ? WarehouseTokenStore(sink: sink, clientId: clientId) : nil
        return PinterestClient(configuration: apiConfiguration, tokenStore: store, onEvent: { events.handle($0) })
    }
}
