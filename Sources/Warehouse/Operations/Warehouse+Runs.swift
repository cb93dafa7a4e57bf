import PinterestModel

extension Warehouse {
    /// Marks the runs of `job` still recorded as running as failed: those of `account`, or with
    /// nil those of every account. Call it holding the account's claim (or the whole job's lock):
    /// no other run can then be loading it, so these belong to a process that died (SIGKILL,
    /// power loss, a lost machine) and whose open transaction was rolled back.
    @discardableResult
    public func closeInterruptedRuns(job: JobKind, account: String?) async throws -> Int {
        var parameters: [SQLValue] = [
            .text(RunStatus.failed.rawValue), .text(Timestamp.now().description),
            .text("interrupted: the process ended before this run finished (killed or crashed); its open work was rolled back"),
            .text(job.rawValue), .text(RunStatus.running.rawValue),
        ]
        var onlyAccount = ""
        if let account {
            onlyAccount = " AND ad_account_id = $6"
            parameters.append(.text(account))
        }
        return try await transaction {
            try execute("UPDATE etl_runs SET status = $1, finished_at = $2, error = $3 WHERE job = $4 AND status = $5" + onlyAccount,
                        parameters)
        }
    }

    /// The newest run of `job` that loaded `account` for `window` (nil: a run without one, such
    /// as `meta`) and finished at or after `since`: another worker's, which makes loading the
    /// account again in this round redundant.
    public func completedRun(job: JobKind, account: String, window: DayRange?, finishedSince since: Timestamp) throws -> RunRecord? {
        var parameters: [SQLValue] = [.text(job.rawValue), .text(account), .text(RunStatus.succeeded.rawValue), .text(since.description)]
        var windowCondition = "r.window_start IS NULL AND r.window_end IS NULL"
        if let window {
            windowCondition = "r.window_start = $5 AND r.window_end = $6"
            parameters += [.text(window.first.description), .text(window.last.description)]
        }
        return try select("""
            SELECT \(runColumns) FROM etl_runs r
            WHERE r.job = $1 AND r.ad_account_id = $2 AND r.status = $3 AND r.finished_at >= $4 AND \(windowCondition)
            ORDER BY r.finished_at DESC LIMIT 1
            """, parameters).first.map(Self.runRecord)
    }

    /// The run of `job` recorded as loading `account` now, if any: who holds its claim.
    public func runningRun(job: JobKind, account: String) throws -> RunRecord? {
        try select("""
            SELECT \(runColumns) FROM etl_runs r
            WHERE r.job = $1 AND r.ad_account_id = $2 AND r.status = $3 ORDER BY r.started_at DESC LIMIT 1
            """, [.text(job.rawValue), .text(account), .text(RunStatus.running.rawValue)]).first.map(Self.runRecord)
    }

    /// Records a run (start, progress or outcome) in its own transaction.
    public func recordRun(_ run: RunRecord) async throws {
        try await transaction { try upsertRun(run) }
    }

    func upsertRun(_ run: RunRecord) throws {
        try execute("""
            INSERT INTO etl_runs (run_id, job, ad_account_id, window_start, window_end, started_at,
                                  finished_at, status, rows_deleted, rows_written, api_requests, error, settings, host)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (run_id, job, ad_account_id) DO UPDATE SET
                window_start = excluded.window_start, window_end = excluded.window_end,
                finished_at = excluded.finished_at, status = excluded.status,
                rows_deleted = excluded.rows_deleted, rows_written = excluded.rows_written,
                api_requests = excluded.api_requests, error = excluded.error, settings = excluded.settings,
                host = excluded.host
            """, [
                .text(run.runId), .text(run.job.rawValue), .text(run.adAccountId),
                run.window.map { .text($0.first.description) } ?? .null,
                run.window.map { .text($0.last.description) } ?? .null,
                .text(run.startedAt.description), run.finishedAt.map { .text($0.description) } ?? .null,
                .text(run.status.rawValue), .integer(Int64(run.rowsDeleted)), .integer(Int64(run.rowsWritten)),
                .integer(Int64(run.apiRequests)), run.error.sqlValue, run.settings.sqlValue, run.host.sqlValue,
            ])
    }

    /// The latest run of each job per account (by start time), ordered by account then job;
    /// with `status`, the latest run that ended so (`.succeeded`: who loaded each account last).
    public func latestRuns(status: RunStatus? = nil) throws -> [RunRecord] {
        let only = status == nil ? "" : " AND x.status = $1", outer = status == nil ? "" : "r.status = $1 AND "
        return try select("""
            SELECT \(runColumns) FROM etl_runs r
            WHERE \(outer)r.started_at = (SELECT MAX(started_at) FROM etl_runs x
                                  WHERE x.job = r.job AND x.ad_account_id = r.ad_account_id\(only))
            ORDER BY r.ad_account_id, r.job
            """, status.map { [.text($0.rawValue)] } ?? []).map(Self.runRecord)
    }

    /// The columns `runRecord` reads, of `etl_runs` aliased `r`.
    private var runColumns: String {
        """
        r.run_id, r.job, r.ad_account_id, r.window_start, r.window_end,
        \(epochMilliseconds("r.started_at")), \(epochMilliseconds("r.finished_at")),
        r.status, r.rows_deleted, r.rows_written, r.api_requests, r.error, r.settings, r.host
        """
    }

    /// An `etl_runs` row, selected as `runColumns`.
    private static func runRecord(_ row: [String?]) throws -> RunRecord {
        let jobText = try required(row[1], "etl_runs.job"), statusText = try required(row[7], "etl_runs.status")
        guard let job = JobKind(rawValue: jobText) else { throw unreadable("etl_runs.job", jobText) }
        guard let status = RunStatus(rawValue: statusText) else { throw unreadable("etl_runs.status", statusText) }
        var window: DayRange?
        if let first = row[3].flatMap({ Day(String($0.prefix(10))) }), let last = row[4].flatMap({ Day(String($0.prefix(10))) }) {
            window = DayRange(first: first, last: last)
        }
        var run = RunRecord(runId: try required(row[0], "etl_runs.run_id"), job: job,
                            adAccountId: try required(row[2], "etl_runs.ad_account_id"), window: window,
                            startedAt: Timestamp(millisecondsSinceEpoch: try number(row[5], "etl_runs.started_at")),
                            status: status)
        run.finishedAt = try row[6].map { Timestamp(millisecondsSinceEpoch: try number($0, "etl_runs.finished_at")) }
        run.rowsDeleted = try number(row[8], "etl_runs.rows_deleted")
        run.rowsWritten = try number(row[9], "etl_runs.rows_written")
        run.apiRequests = try number(row[10], "etl_runs.api_requests")
        run.error = row[11]
        run.settings = row[12]
        run.host = row[13]
        return run
    }

    /// SQL for a timestamp column as Unix milliseconds (SQLite stores ISO-8601 text).
    func epochMilliseconds(_ column: String) -> String {
        switch dialect {
        case .sqlite: "CAST(ROUND((julianday(\(column)) - 2440587.5) * 86400000) AS INTEGER)"
        case .postgres: "CAST(ROUND(EXTRACT(EPOCH FROM \(column)) * 1000) AS bigint)"
        }
    }

    /// Per account, the settings of the last two runs of `job` that recorded any, newest first:
    /// `status` warns when they differ (numbers from both are then not comparable).
    public func recentSettings(job: JobKind) throws -> [String: [String]] {
        let rows = try select("""
            SELECT ad_account_id, settings FROM (
                SELECT ad_account_id, settings,
                       ROW_NUMBER() OVER (PARTITION BY ad_account_id ORDER BY started_at DESC) AS position
                FROM etl_runs WHERE job = $1 AND settings IS NOT NULL) AS recent
            WHERE position <= 2 ORDER BY ad_account_id, position
            """, [.text(job.rawValue)])
        var settings: [String: [String]] = [:]
        for row in rows {
            guard let account = row[0], let text = row[1] else { continue }
            settings[account, default: []].append(text)
        }
        return settings
    }
}
