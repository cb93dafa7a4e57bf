import PinterestETL
import PinterestModel
import Warehouse

/// `status`: the latest run per job and account and each account's newest delivery date.
/// Exits 1 when an account's data is older than `maxAgeDays` or its latest run failed, so a
/// monitor can alert on it.
public struct StatusCommand: ConfiguredCommand, Equatable {
    public static let name = "status"
    public static let summary = "recent runs and data freshness (non-zero when stale)"
    public static let usage = """
        pinterest-etl status [--max-age-days N] [OPTIONS]
          Shows the recent runs per job and account, rows written and the newest loaded date.
          Exits 1 when an account's newest delivery date is more than N days old (default 2)
          or its last run failed, so a monitor can call it.
        """
    public static let valuedOptions = ["--max-age-days"]

    public var maxAgeDays: Int

    public init(maxAgeDays: Int = 2) { self.maxAgeDays = maxAgeDays }

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        maxAgeDays = try arguments.integer("--max-age-days", in: 1...3650) ?? 2
    }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let logger = context.logger
        let today = Day.today(environment: context.environment)
        // Read-only: a monitoring user with read access to the warehouse can run it.
        let warehouse = try Warehouse.open(configuration.sink, access: .readOnly)
        defer { warehouse.close() }
        guard try !warehouse.appliedVersions().isEmpty else {
            print("The warehouse has no schema yet: run 'pinterest-etl migrate' and the jobs.")
            return .accountFailed
        }
        try warehouse.requireCurrentSchema()
        let freshness = Dictionary(uniqueKeysWithValues: try warehouse.deliveryFreshness().map { ($0.adAccountId, $0) })
        let runs = try warehouse.latestRuns()
        let loads = try warehouse.latestRuns(status: .succeeded).filter { $0.job == .delivery }
        var accounts = Set(freshness.keys).union(runs.map(\.adAccountId))
        if !configuration.adAccountIds.isEmpty { accounts.formUnion(configuration.adAccountIds) }

        var problems: [String] = []
        let oldestAcceptable = today.adding(days: -maxAgeDays)
        var rows: [[String]] = []
        for account in accounts.sorted() {
            let newest = freshness[account]
            let delivery = runs.first { $0.job == .delivery && $0.adAccountId == account }
            let meta = runs.first { $0.job == .meta && $0.adAccountId == account }
            let loadedBy = loads.first { $0.adAccountId == account }.map { "\($0.runId) on \($0.host ?? "?")" } ?? "-"
            rows.append([account, newest?.newestDate?.description ?? "-", String(newest?.rows ?? 0),
                         Self.describe(delivery), Self.describe(meta), loadedBy])
            if let day = newest?.newestDate {
                if day < oldestAcceptable { problems.append("account \(account): newest delivery date \(day) is older than \(maxAgeDays) days") }
            } else {
                problems.append("account \(account): no delivery data")
            }
            for run in [delivery, meta].compactMap({ $0 }) where run.status == .failed {
                problems.append("account \(account): the latest \(run.job.rawValue) run \(run.runId) failed: \(run.error ?? "")")
            }
        }
        print(TextTable.render(header: ["account", "newest date", "delivery rows", "last delivery run", "last meta run", "delivery loaded by"], rows: rows),
              terminator: "")
        // Numbers loaded under different attribution windows or breakdowns do not compare.
        for (account, settings) in try warehouse.recentSettings(job: .delivery).sorted(by: { $0.key < $1.key })
        where settings.count == 2 && settings[0] != settings[1] {
            print("SETTINGS CHANGED: account \(account): the last delivery run asked Pinterest for \(settings[0]), the one before for \(settings[1])")
            logger.warning("the settings of the last two delivery runs differ", ("account", account))
        }
        if accounts.isEmpty { problems.append("no accounts have been imported yet") }
        for problem in problems { print("STALE OR FAILED: \(problem)") }
        if problems.isEmpty {
            logger.info("all accounts fresh", ("accounts", String(accounts.count)), ("max_age_days", String(maxAgeDays)))
            return .success
        }
        logger.warning("\(problems.count) problem(s) found", ("accounts", String(accounts.count)))
        return .accountFailed
    }

    private static func describe(_ run: RunRecord?) -> String {
        guard let run else { return "never" }
        return "\(run.status.rawValue) \(run.finishedAt ?? run.startedAt) (\(run.rowsWritten) rows, \(run.apiRequests) requests)"
    }
}
