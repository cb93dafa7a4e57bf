import Foundation
import PinterestModel
import Warehouse

/// `status`: the latest run per job and account and each account's newest delivery date.
/// Exits 1 when an account's data is older than `maxAgeDays` or its latest run failed, so a
/// monitor can alert on it.
enum StatusCommand {
    static func run(configuration: Configuration, maxAgeDays: Int, today: Day, logger: Logger) throws -> ExitCode {
        let sink = try openWarehouse(configuration.sink)
        defer { sink.close() }
        guard try !sink.appliedVersions().isEmpty else {
            print("The warehouse has no schema yet: run 'pinterest-etl migrate' and the jobs.")
            return .accountFailed
        }
        let newest = try sink.select("""
            SELECT ad_account_id, MAX(date), COUNT(*) FROM pinterest_data_delivery GROUP BY ad_account_id
            """)
        var newestDate: [String: (Day?, String)] = [:]
        for row in newest {
            guard let account = row[0] else { continue }
            newestDate[account] = (row[1].flatMap { Day($0) }, row[2] ?? "0")
        }
        // The latest run of each job per account.
        let runs = try sink.select("""
            SELECT r.job, r.ad_account_id, r.run_id, r.status, r.started_at, r.finished_at,
                   r.window_start, r.window_end, r.rows_written, r.api_requests, r.error
            FROM etl_runs r
            WHERE r.started_at = (SELECT MAX(started_at) FROM etl_runs x
                                  WHERE x.job = r.job AND x.ad_account_id = r.ad_account_id)
            ORDER BY r.ad_account_id, r.job
            """)
        var accounts = Set(newestDate.keys).union(runs.compactMap { $0[1] })
        if !configuration.adAccountIds.isEmpty { accounts.formUnion(configuration.adAccountIds) }

        var problems: [String] = []
        let oldestAcceptable = today.adding(days: -maxAgeDays)
        var rows: [[String]] = []
        for account in accounts.sorted() {
            let (day, count) = newestDate[account] ?? (nil, "0")
            let delivery = runs.first { $0[0] == "delivery" && $0[1] == account }
            let meta = runs.first { $0[0] == "meta" && $0[1] == account }
            rows.append([account, day?.description ?? "-", count,
                         describe(delivery), describe(meta)])
            if let day {
                if day < oldestAcceptable { problems.append("account \(account): newest delivery date \(day) is older than \(maxAgeDays) days") }
            } else {
                problems.append("account \(account): no delivery data")
            }
            if let delivery, delivery[3] == RunStatus.failed.rawValue {
                problems.append("account \(account): the latest delivery run \(delivery[2] ?? "") failed: \(delivery[10] ?? "")")
            }
            if let meta, meta[3] == RunStatus.failed.rawValue {
                problems.append("account \(account): the latest meta run \(meta[2] ?? "") failed: \(meta[10] ?? "")")
            }
        }
        print(TextTable.render(header: ["account", "newest date", "delivery rows", "last delivery run", "last meta run"], rows: rows),
              terminator: "")
        if accounts.isEmpty { problems.append("no accounts have been imported yet") }
        for problem in problems { print("STALE OR FAILED: \(problem)") }
        if problems.isEmpty {
            logger.info("all accounts fresh", ("accounts", String(accounts.count)), ("max_age_days", String(maxAgeDays)))
            return .success
        }
        logger.warning("\(problems.count) problem(s) found", ("accounts", String(accounts.count)))
        return .accountFailed
    }

    private static func describe(_ run: [String?]?) -> String {
        guard let run else { return "never" }
        let status = run[3] ?? "?"
        let when = run[5] ?? run[4] ?? "?"
        return "\(status) \(when) (\(run[8] ?? "0") rows, \(run[9] ?? "0") requests)"
    }
}
