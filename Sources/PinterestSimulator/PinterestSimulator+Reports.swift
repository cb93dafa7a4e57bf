import Foundation
import Synchronization
import PinterestModel

/// Asynchronous reports: `POST /v5/ad_accounts/{id}/reports`, `GET …/reports?token=`, and the
/// pre-signed download the FINISHED poll points to (served by this server under `/downloads/`).
///
/// Supported: `level=PIN_PROMOTION`, `granularity=DAY`, `report_format=JSON`, columns = the
/// id columns, `DATE`, `AD_ID` and the `DeliveryMetric` columns. Anything else is a 400 naming
/// the parameter. Limits as Pinterest documents them: `ReportLimits`.
///
/// Assumptions where Pinterest's documentation is silent: an unknown token polls as 200 `DOES_NOT_EXIST`; a token older
/// than `reportLifetime` polls as `EXPIRED`; `size` is the file size in bytes; the file is not
/// gzipped; every FINISHED poll hands out a fresh URL (older ones stay valid until they expire).
extension PinterestSimulator {
    static let windowDays = Set(ReportLimits.attributionWindowDays.map(String.init))

    func createReport(_ request: HTTPRequest, account a: Int) -> HTTPResponse {
        func bad(_ message: String) -> HTTPResponse { .error(400, code: 1, "Invalid ad account ads analytics parameters. \(message)") }
        guard let object = try? JSONSerialization.jsonObject(with: request.body), let body = object as? [String: Any] else {
            return bad("The request body must be a JSON object.")
        }
        guard let startText = body["start_date"] as? String, let start = Day(startText) else {
            return bad("start_date is required, as YYYY-MM-DD.")
        }
        guard let endText = body["end_date"] as? String, let end = Day(endText) else {
            return bad("end_date is required, as YYYY-MM-DD.")
        }
        guard let range = DayRange(first: start, last: end) else { return bad("end_date must not be before start_date.") }
        let today = self.today
        guard range.dayCount <= ReportLimits.maxDays else {
            return bad("The date range must not exceed \(ReportLimits.maxDays) days (asked for \(range.dayCount)).")
        }
        guard start.distance(to: today) <= ReportLimits.maxDaysBack else {
            return bad("start_date must be within \(ReportLimits.maxDaysBack) days of today (\(today)).")
        }
        guard let granularity = body["granularity"] as? String else { return bad("granularity is required.") }
        guard ["TOTAL", "DAY", "HOUR", "WEEK", "MONTH"].contains(granularity) else { return bad("granularity \(granularity) is not valid.") }
        guard granularity == "DAY" else { return bad("The simulator supports granularity DAY only.") }
        guard let level = body["level"] as? String else { return bad("level is required.") }
        guard ["PIN_PROMOTION", "PIN_PROMOTION_TARGETING"].contains(level) else {
            return bad("The simulator supports levels PIN_PROMOTION and PIN_PROMOTION_TARGETING only (got \(level)).")
        }
        var targetingTypes: [String]?
        if let value = body["targeting_types"] {
            guard level.hasSuffix("_TARGETING") else { return bad("targeting_types requires a *_TARGETING level.") }
            guard let types = value as? [String], (1...TargetingTypes.maxPerReport).contains(types.count) else {
                return bad("targeting_types must be an array of 1 to \(TargetingTypes.maxPerReport) types.")
            }
            if let unknown = types.first(where: { !TargetingTypes.reportable.contains($0) || TargetingTypes.notForAds.contains($0) }) {
                return bad("targeting_types: \(unknown) is not valid for level \(level).")
            }
            targetingTypes = types
        } else if level.hasSuffix("_TARGETING") {
            return bad("targeting_types is required for level \(level).")
        }
        guard let columns = body["columns"] as? [String], !columns.isEmpty else {
            return bad("columns is required: a non-empty JSON array of column names.")
        }
        let known = Set(DeliveryMetric.allCases.map(\.reportColumn) + DeliveryMetric.idColumns + ["DATE", "AD_ID"])
        if let unknown = columns.first(where: { !known.contains($0) }) { return bad("Unsupported column \(unknown).") }
        for field in ["click_window_days", "engagement_window_days", "view_window_days"] {
            guard let value = body[field] else { continue }
            guard let n = value as? Int, Self.windowDays.contains(String(n)) else {
                return bad("\(field) must be one of 0, 1, 7, 14, 30, 60.")
            }
        }
        if let v = body["conversion_report_time"] {
            guard let s = v as? String, ["TIME_OF_AD_ACTION", "TIME_OF_CONVERSION"].contains(s) else {
                return bad("conversion_report_time must be TIME_OF_AD_ACTION or TIME_OF_CONVERSION.")
            }
        }
        if let v = body["attribution_types"] {
            guard let list = v as? [String], list.allSatisfy({ ["INDIVIDUAL", "HOUSEHOLD"].contains($0) }) else {
                return bad("attribution_types must be an array of INDIVIDUAL, HOUSEHOLD.")
            }
        }
        if let v = body["report_format"] {
            guard let s = v as? String, ["JSON", "CSV"].contains(s) else { return bad("report_format must be JSON or CSV.") }
            guard s == "JSON" else { return bad("The simulator supports report_format JSON only.") }
        }
        if let v = body["primary_sort"], (v as? String) != "BY_ID" {
            return bad("The simulator supports primary_sort BY_ID only.")
        }

        let token = SimulatorState.randomToken("", bytes: 32)
        state.locked { state in
            var outcome = ReportJob.Outcome.finished
            if let fault = state.consumeFault(where: { $0.kind == .failReport || $0.kind == .expireReport }) {
                outcome = fault.kind == .failReport ? .failed : .expired
            }
            if targetingTypes != nil, state.failTargetingReports { outcome = .failed }
            state.reports[token] = ReportJob(token: token, accountIndex: a, range: range, columns: columns,
                                             targetingTypes: targetingTypes, today: today, createdAt: state.now, outcome: outcome)
        }
        // "Generate" the report in the background (a counting pass for `size`), so the poll that
        // finds it ready is quick even for very large accounts.
        let job = state.locked { $0.reports[token] }!
        let sizer = writer(for: job)
        let directory = options.reportFileDirectory
        Thread.detachNewThread { [self] in
            if let directory {
                let path = (directory as NSString).appendingPathComponent("report-\(token.prefix(24)).json")
                let stored = try? Self.store(sizer, at: path)
                let keep = state.locked { state -> Bool in
                    guard !state.stopped else { return false }
                    // A file that could not be written: downloads render the report instead.
                    state.reports[token]?.size = stored ?? ((try? sizer.size()) ?? 0)
                    state.reports[token]?.storedPath = stored == nil ? nil : path
                    state.reports[token]?.rendered = true
                    return stored != nil
                }
                if !keep { unlink(path) }
            } else {
                let size = (try? sizer.size()) ?? 0
                state.locked { $0.reports[token]?.size = size }
            }
        }
        return .json(200, .object([("report_status", .string("IN_PROGRESS")), ("token", .string(token)), ("message", .null)]))
    }

    func getReport(_ request: HTTPRequest, account a: Int) -> HTTPResponse {
        guard let token = request.queryValue("token"), !token.isEmpty else {
            return .error(400, code: 1, "Invalid parameters: token is required.")
        }
        func status(_ s: String, url: String? = nil, size: Int? = nil) -> HTTPResponse {
            .json(200, .object([("report_status", .string(s)), ("url", url.json), ("size", size.map { .int(Int64($0)) } ?? .null)]))
        }
        let polled = state.locked { state -> ReportJob? in
            guard var job = state.reports[token], job.accountIndex == a else { return nil }
            job.polls += 1
            state.reports[token] = job
            return job
        }
        guard let job = polled else { return status("DOES_NOT_EXIST") }
        if state.locked({ $0.now }).timeIntervalSince(job.createdAt) > options.reportLifetime { return status("EXPIRED") }
        if job.polls <= options.reportPollsBeforeReady { return status("IN_PROGRESS") }
        if options.reportFileDirectory != nil, !job.rendered { return status("IN_PROGRESS") }
        switch job.outcome {
        case .failed: return status("FAILED")
        case .expired: return status("EXPIRED")
        case .finished: break
        }
        var size = job.size
        if size == nil {
            size = (try? writer(for: job).size()) ?? 0
            state.locked { $0.reports[token]?.size = size }
        }
        let key = SimulatorState.randomToken("", bytes: 20).lowercased()
        let signature = (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: 0...UInt64.max)) }.joined()
        let now = state.locked { $0.now }
        state.locked { $0.downloads[key] = DownloadGrant(reportToken: token, signature: signature, issuedAt: now) }
        let stamp = ISO8601DateFormatter.amz.string(from: now)
        let url = "http://127.0.0.1:\(port)/downloads/async_reporting_v3/\(key)/metrics_report.txt"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=SIMULATORKEY%2F\(stamp.prefix(8))%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=\(stamp)&X-Amz-Expires=\(Int(options.downloadURLLifetime))&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=\(signature)"
        return status("FINISHED", url: url, size: size)
    }

    /// `bytes=FIRST-LAST` or `bytes=FIRST-` within `size` bytes; nil when not satisfiable.
    static func byteRange(_ header: String, size: Int) -> Range<Int>? {
        guard header.hasPrefix("bytes=") else { return nil }
        let bounds = header.dropFirst("bytes=".count).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int(bounds[0]), first < size else { return nil }
        let last = bounds[1].isEmpty ? size - 1 : Int(bounds[1]).map { min($0, size - 1) }
        guard let last, last >= first else { return nil }
        return first..<(last + 1)
    }

    /// Renders a report to `path`; returns its size.
    private static func store(_ writer: ReportFileWriter, at path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        var size = 0
        try writer.write { bytes in
            size += bytes.count
            try handle.write(contentsOf: bytes)
        }
        return size
    }

    func writer(for job: ReportJob) -> ReportFileWriter {
        ReportFileWriter(world: world, accountIndex: job.accountIndex, range: job.range, today: job.today,
                         columns: job.columns, idsAsNumbers: options.reportIdsAsNumbers, targetingTypes: job.targetingTypes)
    }

    /// The pre-signed object. Like S3: a request that also carries an Authorization header is
    /// refused with 400, an expired or wrongly signed URL with 403, all with XML bodies.
    func download(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" else {
            return .s3Error(405, code: "MethodNotAllowed", "The specified method is not allowed against this resource.")
        }
        let parts = request.path.split(separator: "/")
        guard parts.count == 4, parts[1] == "async_reporting_v3", parts[3] == "metrics_report.txt" else {
            return .s3Error(404, code: "NoSuchKey", "The specified key does not exist.")
        }
        if request.header("authorization") != nil {
            return .s3Error(400, code: "InvalidArgument",
                            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
        }
        let key = String(parts[2])
        let found = state.locked { state -> (DownloadGrant, ReportJob)? in
            guard let grant = state.downloads[key], let job = state.reports[grant.reportToken] else { return nil }
            return (grant, job)
        }
        guard let (grant, job) = found else { return .s3Error(404, code: "NoSuchKey", "The specified key does not exist.") }
        guard request.queryValue("X-Amz-Signature") == grant.signature else {
            return .s3Error(403, code: "SignatureDoesNotMatch",
                            "The request signature we calculated does not match the signature you provided.")
        }
        guard state.locked({ $0.now }).timeIntervalSince(grant.issuedAt) <= options.downloadURLLifetime else {
            return .s3Error(403, code: "AccessDenied", "Request has expired")
        }
        let fault = state.locked { state in
            state.consumeFault { ($0.kind == .truncate || $0.kind == .malformed || $0.kind == .endless)
                && ($0.pathSubstring.map { request.path.contains($0) } ?? true) }
        }
        let etag = "\"\(job.token.prefix(16))\""
        let headers = [("Content-Type", "application/octet-stream"), ("ETag", etag)]
        if fault?.kind == .malformed {
            let broken = Array("{\"\(world.id(.ad, account: job.accountIndex))\":[{\"DATE\":\"2025-01-0".utf8)
                + Array("<html><body>502 Bad Gateway</body></html>".utf8)
            return HTTPResponse(status: 200, headers: headers, body: .bytes(broken))
        }
        if fault?.kind == .endless {
            // A huge declared length and a body that never ends, throttled so a test's disk holds it.
            let opening = Array("{\"\(world.id(.ad, account: job.accountIndex))\":[".utf8)
            return HTTPResponse(status: 200, headers: headers, body: .stream(length: 1 << 50) { emit in
                try emit(opening)
                let blanks = [UInt8](repeating: 0x20, count: 16 * 1024)
                while true {
                    try emit(blanks)
                    Thread.sleep(forTimeInterval: 0.005)
                }
            })
        }
        let size = job.size ?? ((try? writer(for: job).size()) ?? 0)
        let fileWriter = writer(for: job)
        var response: HTTPResponse
        let length: Int
        if let stored = job.storedPath {
            // A stored object answers ranges, as S3 does; a rendered one is always whole.
            if let match = request.header("if-match"), match != etag {
                return .s3Error(412, code: "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
            }
            var slice = 0..<size
            var status = 200
            var rangeHeaders: [(String, String)] = []
            if let asked = request.header("range") {
                guard let range = Self.byteRange(asked, size: size) else {
                    return .s3Error(416, code: "InvalidRange", "The requested range is not satisfiable")
                }
                slice = range
                status = 206
                rangeHeaders = [("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)")]
            }
            let served = slice
            response = HTTPResponse(status: status, headers: headers + rangeHeaders, body: .stream(length: served.count) { emit in
                guard let handle = FileHandle(forReadingAtPath: stored) else { throw CocoaError(.fileNoSuchFile) }
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(served.lowerBound))
                var left = served.count
                while left > 0, let chunk = try handle.read(upToCount: min(left, 256 * 1024)), !chunk.isEmpty {
                    left -= chunk.count
                    try emit([UInt8](chunk))
                }
            })
            length = served.count
        } else {
            response = HTTPResponse(status: 200, headers: headers, body: .stream(length: size) { emit in try fileWriter.write(emit) })
            length = size
        }
        if fault?.kind == .truncate { response.truncateAfter = max(1, length / 2) }
        return response
    }
}

extension ISO8601DateFormatter {
    /// `YYYYMMDDTHHMMSSZ`, as X-Amz-Date.
    nonisolated(unsafe) static let amz: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        return f
    }()
}
