import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinterestModel

extension PinterestClient {
    /// How often a finished report's expired or refused download link is re-polled for a new one.
    static let maxDownloadRenewals = 3

    /// Creates one async report for `window` (at most 186 days; a start more than 914 days back is
    /// refused before any request), polls it until finished and downloads the file, without
    /// Authorization, to the download directory. Parse it with `forEachRow` — apart from the
    /// network work, so a caller can hold a transaction only while rows stream in.
    /// A report that ends FAILED/EXPIRED/CANCELLED/DOES_NOT_EXIST is re-created once.
    public func downloadDeliveryReport(adAccountId: String, window: DayRange) async throws -> DeliveryReportFile {
        try await downloadReport(.delivery, adAccountId: adAccountId, window: window)
    }

    /// `downloadDeliveryReport` for either kind of report; a breakdown report is read with
    /// `forEachTargetingRow`.
    public func downloadReport(_ kind: ReportKind, adAccountId: String, window: DayRange) async throws -> DeliveryReportFile {
        if case .targeting(let types) = kind {
            precondition(!types.isEmpty && types.count <= TargetingTypes.maxPerReport, "1 to 5 targeting types per report")
        }
        let windows = try ReportRequest.windows(for: window, today: today(), account: adAccountId)
        guard windows.count == 1 else {
            throw PinterestAPIError.windowTooLong(account: adAccountId, window: window.description, maxDays: ReportLimits.maxDays)
        }
        let reportsPath = "/ad_accounts/\(FormEncoding.escape(adAccountId))/reports"
        let request = ReportRequest(window: window, attribution: configuration.attribution, kind: kind)
        var creations = 0
        create: while true {
            creations += 1
            let token = try await createReport(path: reportsPath, body: request.body(), account: adAccountId)
            onEvent(.reportCreated(account: adAccountId, window: kind == .delivery ? window.description : "\(window), \(kind)"))
            let clock = ContinuousClock()
            let started = clock.now
            var delay = configuration.reportPolling.initialDelay
            var renewals = 0
            while true {
                let (status, url) = try await reportStatus(path: reportsPath, token: token, account: adAccountId)
                onEvent(.reportStatus(account: adAccountId, status: status))
                switch status {
                case "FINISHED":
                    guard let url else {
                        throw PinterestAPIError.badResponse(what: "finished report", field: "url", entityId: nil,
                                                            account: adAccountId, problem: "missing")
                    }
                    if let file = try await download(url: url, account: adAccountId) {
                        return file
                    }
                    renewals += 1
                    guard renewals <= Self.maxDownloadRenewals else {
                        throw PinterestAPIError.badResponse(
                            what: "report download", field: "url", entityId: nil, account: adAccountId,
                            problem: "the download link was refused \(renewals) times, even freshly polled")
                    }
                    continue
                case "FAILED", "EXPIRED", "CANCELLED", "DOES_NOT_EXIST":
                    if creations < 2 { continue create }
                    throw PinterestAPIError.reportFailed(account: adAccountId, window: window.description, status: status)
                default:
                    // IN_PROGRESS, or a status newer than this client: keep waiting.
                    let waited = clock.now - started
                    if waited + delay > configuration.reportPolling.timeout {
                        throw PinterestAPIError.reportTimedOut(account: adAccountId, window: window.description, waited: waited)
                    }
                    try await Task.sleep(for: delay)
                    delay = configuration.reportPolling.delay(after: delay, waited: clock.now - started)
                }
            }
        }
    }

    private func createReport(path: String, body: Data, account: String) async throws -> String {
        let value = try await callJSON("POST", path, jsonBody: body, account: account, what: "report creation")
        guard case .string(let token)? = value["token"], !token.isEmpty else {
            let status: String
            if case .string(let text)? = value["report_status"] { status = text } else { status = "no status" }
            var message = ""
            if case .string(let text)? = value["message"] { message = "; " + executor.scrub(text) }
            throw PinterestAPIError.badResponse(what: "report creation", field: "token", entityId: nil, account: account,
                                                problem: "missing (\(status)\(message))")
        }
        return token
    }

    private func reportStatus(path: String, token: String, account: String) async throws -> (String, URL?) {
        let value = try await callJSON("GET", path, query: [("token", token)], account: account, what: "report status")
        guard case .string(let status)? = value["report_status"] else {
            throw PinterestAPIError.badResponse(what: "report status", field: "report_status", entityId: nil,
                                                account: account, problem: "missing")
        }
        var url: URL?
        if case .string(let text)? = value["url"], !text.isEmpty {
            guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(),
                  scheme == "https" || (scheme == "http" && Self.isLoopback(parsed.host)) else {
                // The link carries pre-signed credentials: never fetched without TLS from a real host.
                throw PinterestAPIError.badResponse(what: "report status", field: "url", entityId: nil,
                                                    account: account, problem: "not an https URL")
            }
            url = parsed
        }
        return (status, url)
    }

    /// This machine (the simulator): the only place plain http is allowed.
    static func isLoopback(_ host: String?) -> Bool {
        host.map(LoopbackHost.isLoopback) ?? false
    }

    /// Downloads the report file; nil when the link was refused or expired (poll again).
    private func download(url: URL, account: String) async throws -> DeliveryReportFile? {
        let directory = configuration.downloadDirectory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let file = DeliveryReportFile(
            path: (directory as NSString).appendingPathComponent("pinterest-report-\(UUID().uuidString).json"),
            account: account)
        // Shown without host query: the query string holds the pre-signed credentials.
        let shown = (url.host.map { "https://\($0)" } ?? "") + Redaction.path(of: url)
        let response: HTTPURLResponse
        do {
            response = try await downloadBeforeDeadline(url: url, shown: shown, account: account, to: file)
        } catch let tooLarge as DownloadTooLarge {
            file.remove()
            throw PinterestAPIError.reportTooLarge(account: account, limit: tooLarge.limit)
        }
        switch response.statusCode {
        case 200..<300:
            break
        case 400, 401, 403, 404, 410:
            file.remove()
            return nil
        default:
            file.remove()
            throw PinterestAPIError.http(method: "GET", path: shown, account: account, status: response.statusCode,
                                         code: nil, message: "report download refused")
        }
        onEvent(.reportDownloaded(account: account, bytes: file.size))
        return file
    }

    /// The whole download races a deadline: the per-request timeout only notices silence, so a
    /// body that never ends would otherwise hold the run (and fill the disk) forever.
    private func downloadBeforeDeadline(url: URL, shown: String, account: String,
                                        to file: DeliveryReportFile) async throws -> HTTPURLResponse {
        let executor = self.executor
        let path = file.path
        let limit = configuration.reportDownloadTimeout
        let maxBytes = configuration.reportDownloadMaxBytes
        return try await withThrowingTaskGroup(of: HTTPURLResponse?.self) { group in
            group.addTask {
                try await executor.perform(method: "GET", path: shown, account: account, limited: false,
                                           exchange: .download(path: path, maxBytes: maxBytes)) {
                    // A bare request: no Authorization, no cookies; the URL carries its own credentials.
                    var request = URLRequest(url: url)
                    request.httpMethod = "GET"
                    request.httpShouldHandleCookies = false
                    return request
                }.1
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                // Let the download task end before deleting: a download finishing right at the
                // deadline would otherwise move its file into place after the removal.
                group.cancelAll()
                while true {
                    do { guard try await group.next() != nil else { break } } catch { continue }
                }
                file.remove()
                throw PinterestAPIError.unavailable(
                    method: "GET", path: shown, account: account, attempts: 1,
                    lastProblem: "the report download did not finish within \(PinterestAPIError.format(limit))")
            }
            return response
        }
    }
}

/// A downloaded report file, parsed on demand as a stream; deleted by `remove()` or on deinit.
public final class DeliveryReportFile: Sendable {
    public let path: String
    public let account: String

    init(path: String, account: String) {
        self.path = path
        self.account = account
    }

    deinit { remove() }

    public var size: Int64 {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Parses the file with bounded memory and calls `body` per row; returns the row count.
    /// A truncated or malformed file throws `PinterestAPIError.reportFile` with the byte offset.
    @discardableResult
    public func forEachRow(_ body: (DeliveryRow) throws -> Void) throws -> Int {
        try ReportFileParser(account: account).parse(path: path, onRow: body)
    }

    /// The rows of a breakdown (`PIN_PROMOTION_TARGETING`) report, parsed as `forEachRow` does.
    @discardableResult
    public func forEachTargetingRow(_ body: (TargetingRow) throws -> Void) throws -> Int {
        try ReportFileParser(account: account, targeting: true).parseTargeting(path: path, onRow: body)
    }

    public func remove() {
        unlink(path)
    }
}
