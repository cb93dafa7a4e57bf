import Foundation

/// Everything the client needs to talk to Pinterest.
public struct PinterestAPIConfiguration: Sendable {
    /// e.g. `https://api.pinterest.com/v5` or `http://127.0.0.1:PORT/v5`.
    public var baseURL: URL
    public var clientId: String
    public var clientSecret: Secret
    public var tokenStorePath: String
    /// Used only when the token store holds no refresh token.
    public var bootstrapRefreshToken: Secret?
    public var attribution: ReportAttribution
    public var reportPolling: ReportPolling
    public var retry: RetryPolicy
    /// Client-side request budget shared by every task using one client (Pinterest's
    /// `ads_analytics` category allows 300/min on Standard access).
    public var requestsPerMinute: Int
    /// Where report downloads are written; each file is deleted once parsed.
    public var downloadDirectory: String
    /// How long one report download may take in all: a body that never ends (or crawls) fails
    /// the account instead of holding the run forever.
    public var reportDownloadTimeout: Duration
    /// The largest report file a download may write: past it the account fails cleanly instead
    /// of filling the disk. Generous by default (20 GiB).
    public var reportDownloadMaxBytes: Int64
    public static let defaultReportDownloadMaxBytes: Int64 = 20 << 30
    /// Bytes asked for per request of a report download. URLSession on Linux cannot pause a
    /// transfer, so a body arriving faster than it is written piles up in memory; asking for one
    /// range at a time bounds that pile-up to a range, however fast the network and however
    /// large the file (a 1.5 GB report over loopback otherwise peaked at 456 MB).
    public var reportDownloadRangeBytes: Int64 = 4 << 20

    public init(
        baseURL: URL = URL(string: "https://api.pinterest.com/v5")!,
        clientId: String,
        clientSecret: Secret,
        tokenStorePath: String,
        bootstrapRefreshToken: Secret? = nil,
        attribution: ReportAttribution = ReportAttribution(),
        reportPolling: ReportPolling = ReportPolling(),
        retry: RetryPolicy = RetryPolicy(),
        requestsPerMinute: Int = 300,
        downloadDirectory: String = NSTemporaryDirectory(),
        reportDownloadTimeout: Duration = .seconds(3600),
        reportDownloadMaxBytes: Int64 = defaultReportDownloadMaxBytes
    ) {
        self.baseURL = baseURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.tokenStorePath = tokenStorePath
        self.bootstrapRefreshToken = bootstrapRefreshToken
        self.attribution = attribution
        self.reportPolling = reportPolling
        self.retry = retry
        self.requestsPerMinute = requestsPerMinute
        self.downloadDirectory = downloadDirectory
        self.reportDownloadTimeout = reportDownloadTimeout
        self.reportDownloadMaxBytes = reportDownloadMaxBytes
    }

    /// `$STATE_DIRECTORY/tokens.json` (systemd `StateDirectory=`), else
    /// `~/.local/state/pinterest-etl/tokens.json`.
    public static func defaultTokenStorePath(environment: [String: String]) -> String {
        if let state = environment["STATE_DIRECTORY"], !state.isEmpty {
            // systemd may pass several colon-separated directories; the first is ours.
            let first = state.split(separator: ":").first.map(String.init) ?? state
            return (first as NSString).appendingPathComponent("tokens.json")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/state/pinterest-etl/tokens.json")
    }
}
