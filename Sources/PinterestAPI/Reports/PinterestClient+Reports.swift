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
    /// network work, so a caller can hold a transaction only while rows stream in (or see
    /// `downloadReport(_:adAccountId:window:streaming:)` to parse while it downloads).
    /// A report that ends FAILED/EXPIRED/CANCELLED/DOES_NOT_EXIST is re-created once.
    public func downloadDeliveryReport(adAccountId: String, window: DayRange) async throws -> DeliveryReportFile {
        try await downloadReport(.delivery, adAccountId: adAccountId, window: window)
    }

    /// `downloadDeliveryReport` for either kind of report; a breakdown report is read with
    /// `forEachTargetingRow`.
    ///
    /// With `streaming`, returns as soon as the file's body has begun to arrive, and the file's
    /// parse follows the rest of the download (throwing its failures). The parse then waits for
    /// the network, so it must run on a thread of the caller's own (`forEachRowParsedAhead` from
    /// a task with a dedicated executor), never on the cooperative pool, which the download needs.
    public func downloadReport(_ kind: ReportKind, adAccountId: String, window: DayRange,
                               streaming: Bool = false) async throws -> DeliveryReportFile {
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
                    // A link that expires while a long file is still arriving is renewed by
                    // polling again; the download resumes where it stopped.
                    let renew: @Sendable () async throws -> URL? = { [self] in
                        try await reportStatus(path: reportsPath, token: token, account: adAccountId).1
                    }
                    if let file = try await download(url: url, account: adAccountId, renew: renew) {
                        if !streaming { try await file.downloaded() }
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

    /// Starts downloading the report file and returns it as soon as its body begins to arrive:
    /// the parser then reads it as it grows, while the rest downloads. Nil when the link was
    /// refused or expired before any of the body came (poll again). A failure after that point
    /// (the deadline, the size limit, a retry that cannot resume) is thrown by the file's reader.
    private func download(url: URL, account: String,
                          renew: @escaping @Sendable () async throws -> URL?) async throws -> DeliveryReportFile? {
        // Made (with the download directory) once per process, not per report.
        let directory = DownloadFolder.path(in: configuration.downloadDirectory)
        let path = (directory as NSString).appendingPathComponent("pinterest-report-\(UUID().uuidString).json")
        // Shown without host query: the query string holds the pre-signed credentials.
        let shown = (url.host.map { "https://\($0)" } ?? "") + Redaction.path(of: url)
        let progress = DownloadProgress()
        let onEvent = self.onEvent
        let deadline = ContinuousClock.now + configuration.reportDownloadTimeout
        let transfer = Task<HTTPURLResponse, any Error> {
            do {
                var link = url
                var renewals = 0
                var response: HTTPURLResponse
                while true {
                    response = try await downloadBeforeDeadline(url: link, shown: shown, account: account, path: path,
                                                                progress: progress, deadline: deadline)
                    // Refused after part of the file arrived: the link expired (S3 checks every range).
                    guard progress.hasStreamed, Self.refusedLink(response.statusCode), renewals < Self.maxDownloadRenewals,
                          let fresh = try await renew() else { break }
                    renewals += 1
                    link = fresh
                }
                if (200..<300).contains(response.statusCode) {
                    progress.finish(.success(()))
                    onEvent(.reportDownloaded(account: account, bytes: progress.hasStreamed ? progress.bytesWritten : Self.size(of: path)))
                } else {
                    progress.finish(.failure(PinterestAPIError.reportFile(
                        account: account, byteOffset: progress.bytesWritten,
                        problem: "the download stopped, and resuming it was refused (HTTP \(response.statusCode))")))
                }
                return response
            } catch let tooLarge as DownloadTooLarge {
                let error = PinterestAPIError.reportTooLarge(account: account, limit: tooLarge.limit)
                progress.finish(.failure(error))
                throw error
            } catch let changed as DownloadChanged {
                let error = PinterestAPIError.reportFile(account: account, byteOffset: changed.offset,
                                                         problem: "the file changed while its download was resumed")
                progress.finish(.failure(error))
                throw error
            } catch {
                progress.finish(.failure(error))
                throw error
            }
        }
        await withTaskCancellationHandler { await progress.started() } onCancel: { transfer.cancel() }
        let file = DeliveryReportFile(path: path, account: account, progress: progress, transfer: transfer)
        if progress.hasStreamed { return file }
        // Ended before any body arrived (or a transport that does not report progress).
        let response = try await transfer.value
        switch response.statusCode {
        case 200..<300:
            return file
        case _ where Self.refusedLink(response.statusCode):
            file.remove()
            return nil
        default:
            file.remove()
            throw PinterestAPIError.http(method: "GET", path: shown, account: account, status: response.statusCode,
                                         code: nil, message: "report download refused")
        }
    }

    /// How S3 refuses an expired or otherwise unusable pre-signed link: poll again for a new one.
    static func refusedLink(_ status: Int) -> Bool { [400, 401, 403, 404, 410].contains(status) }

    private static func size(of path: String) -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Fetches the file range by range (`reportDownloadRangeBytes` each; S3 honours `Range` on a
    /// pre-signed GET, and `If-Match` on the first answer's ETag keeps every range from the same
    /// object), appending each to the file; a retried range resumes where the failed attempt
    /// stopped. A server that ignores `Range` answers 200 with the whole body, which then arrives
    /// in one stream. Returns the last answer: 2xx when the file is complete, else the refusal for
    /// the caller to judge. Only the first range counts as a request: the file is one download.
    private static func fetchInRanges(url: URL, shown: String, account: String, path: String, maxBytes: Int64,
                                      rangeBytes: Int64, progress: DownloadProgress,
                                      executor: RequestExecutor) async throws -> HTTPURLResponse {
        var ranged = true
        var etag: String?
        var knownTotal: Int64?
        while true {
            let before = progress.bytesWritten
            let response = try await executor.perform(method: "GET", path: shown, account: account, limited: false, counted: knownTotal == nil,
                                                      exchange: .download(path: path, maxBytes: maxBytes, progress: progress)) {
                // A bare request: no Authorization, no cookies; the URL carries its own credentials.
                var request = URLRequest(url: url)
                request.httpMethod = "GET"
                request.httpShouldHandleCookies = false
                if ranged {
                    let first = progress.bytesWritten
                    request.setValue("bytes=\(first)-\(first + rangeBytes - 1)", forHTTPHeaderField: "Range")
                }
                if let etag { request.setValue(etag, forHTTPHeaderField: "If-Match") }
                return request
            }.1
            switch response.statusCode {
            case 206:
                guard let range = ContentRange(response.value(forHTTPHeaderField: "Content-Range")), let total = range.total else {
                    throw PinterestAPIError.reportFile(account: account, byteOffset: progress.bytesWritten,
                                                       problem: "the download's answer has no usable Content-Range")
                }
                guard total <= maxBytes else { throw DownloadTooLarge(limit: maxBytes) }
                guard knownTotal == nil || knownTotal == total else { throw DownloadChanged(offset: before) }
                knownTotal = total
                etag = etag ?? response.value(forHTTPHeaderField: "ETag")
                if progress.bytesWritten >= total { return response }
                guard progress.bytesWritten > before else {
                    throw PinterestAPIError.reportFile(account: account, byteOffset: before,
                                                       problem: "the download answered a range with no bytes")
                }
            case 416 where ranged && !progress.hasStreamed:
                // No first range to give (an empty object): ask for the whole body instead.
                ranged = false
            default:
                // 200 (the whole body at once), or a refusal for the caller.
                return response
            }
        }
    }

    /// The whole download races a deadline: the per-request timeout only notices silence, so a
    /// body that never ends would otherwise hold the run (and fill the disk) forever.
    private func downloadBeforeDeadline(url: URL, shown: String, account: String, path: String,
                                        progress: DownloadProgress, deadline: ContinuousClock.Instant) async throws -> HTTPURLResponse {
        let executor = self.executor
        let limit = configuration.reportDownloadTimeout
        let remaining = deadline - ContinuousClock.now
        let maxBytes = configuration.reportDownloadMaxBytes
        let rangeBytes = max(1, configuration.reportDownloadRangeBytes)
        return try await withThrowingTaskGroup(of: HTTPURLResponse?.self) { group in
            group.addTask {
                try await Self.fetchInRanges(url: url, shown: shown, account: account, path: path, maxBytes: maxBytes,
                                             rangeBytes: rangeBytes, progress: progress, executor: executor)
            }
            group.addTask {
                try await Task.sleep(for: remaining)
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
                // A reader following the file gets the error instead, and removes the file.
                if !progress.hasStreamed { unlink(path) }
                throw PinterestAPIError.unavailable(
                    method: "GET", path: shown, account: account, attempts: 1,
                    lastProblem: "the report download did not finish within \(PinterestAPIError.format(limit))")
            }
            return response
        }
    }
}

/// A report file, downloaded or still downloading, parsed on demand as a stream (following the
/// download when it is still running); deleted, its download stopped, by `remove()` or on deinit.
public final class DeliveryReportFile: Sendable {
    public let path: String
    public let account: String
    private let progress: DownloadProgress?
    private let transfer: Task<HTTPURLResponse, any Error>?

    package init(path: String, account: String, progress: DownloadProgress? = nil,
                 transfer: Task<HTTPURLResponse, any Error>? = nil) {
        self.path = path
        self.account = account
        self.progress = progress
        self.transfer = transfer
    }

    deinit { remove() }

    /// Parses the file with bounded memory and calls `body` per row; returns the row count.
    /// A truncated or malformed file throws `PinterestAPIError.reportFile` with the byte offset.
    @discardableResult
    public func forEachRow(_ body: (DeliveryRow) throws -> Void) throws -> Int {
        try ReportFileParser(account: account).parse(path: path, progress: progress, onRow: body)
    }

    /// The rows of a breakdown (`PIN_PROMOTION_TARGETING`) report, parsed as `forEachRow` does.
    @discardableResult
    public func forEachTargetingRow(_ body: (TargetingRow) throws -> Void) throws -> Int {
        try ReportFileParser(account: account, targeting: true).parseTargeting(path: path, progress: progress, onRow: body)
    }

    /// Waits for the download to end; throws its failure (and removes the file) if it failed.
    func downloaded() async throws {
        guard let transfer, let progress else { return }
        _ = try? await withTaskCancellationHandler { try await transfer.value } onCancel: { transfer.cancel() }
        if case .failure(let error)? = progress.outcome {
            remove()
            throw error
        }
    }

    /// Stops the download, if it is still running; a reader following it then throws.
    public func stopDownload() {
        transfer?.cancel()
    }

    public func remove() {
        stopDownload()
        unlink(path)
    }
}
