import Foundation
import PinterestAPI
import PinterestCLI
import PinterestETL
import PinterestModel
import Warehouse

/// `bench`: the performance figures, measured in one run and printed as tables with each
/// target's ratio, so anyone can reproduce them (`swift build -c release` first).
public struct BenchCommand: Command, Equatable {
    public static let name = "bench"
    public static let summary = "measure load throughput, memory and API calls (see README)"
    public static let usage = """
        pinterest-etl bench [--rows N] [--naive-rows N] [--ads N] [--days N] [--scale N] [--passes N]
                            [--postgres URL | --skip-postgres]
        pinterest-etl bench --accounts N [--ads-per-account N] [--parallel N]
          Measures performance and prints the figures with each target's ratio (build with
          -c release first). Load throughput: --rows synthetic delivery rows (default
          1000000) into SQLite and PostgreSQL through the sink, next to the naive path (one
          autocommitted insert per row, on --naive-rows, default 20000) and the floor (a
          plain prepared-statement loop; psql \\copy of the same rows as CSV). Each bulk
          load and its floor run --passes times (default 2), taking turns at going first;
          the best pass counts. PostgreSQL is --postgres URL (in a schema of its own,
          dropped afterwards) or a throwaway server started with initdb and pg_ctl.
          End to end: a delivery backfill of --ads ads (default 20000) x --days days
          (default 30) from the built-in simulator into SQLite, run as a child process for
          its peak memory, its own time (wall minus the report's build) judged against
          floors loading the same report file (a plain loop, psql \\copy, a naive
          JSONSerialization script); the same into PostgreSQL; --scale times the ads
          (default 10); a 1000-ad account's meta and 31 days of delivery against the naive
          script over HTTP; then the API calls of a daily delivery run and of a meta refresh.
          The large imports and the small account also run --passes times, in turns with
          their floors, and the best pass counts (peak memory: the highest pass).
          With --accounts, only this: one daily delivery run over N small accounts (default
          5 ads each, --parallel accounts at once, default 4) against a simulator that
          answers at once: wall time, requests, peak memory, log lines, and how much of the
          wall time was waiting (on the simulator and the shared rate limit).
        """
    public static let valuedOptions = ["--rows", "--naive-rows", "--ads", "--days", "--scale", "--passes", "--postgres",
                                       "--accounts", "--ads-per-account", "--parallel"]
    public static let flags = ["--skip-postgres"]

    /// The defaults are the figures of the README.
    public var rows = 1_000_000
    public var naiveRows = 20_000
    public var ads = 20_000
    public var days = 30
    /// The memory run imports `scale` times the ads of the large one.
    public var scale = 10
    /// Passes of each bulk load; the best counts.
    public var passes = 2
    public var postgres: String?
    public var skipPostgres = false
    /// `--accounts`: run only the many-accounts figure.
    public var manyAccounts: Int?
    public var adsPerAccount = 5
    public var parallel = 4

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        rows = try arguments.integer("--rows", in: 1...100_000_000) ?? rows
        naiveRows = try arguments.integer("--naive-rows", in: 1...10_000_000) ?? naiveRows
        ads = try arguments.integer("--ads", in: 1...1_000_000) ?? ads
        days = try arguments.integer("--days", in: 1...ReportLimits.maxDays) ?? days
        scale = try arguments.integer("--scale", in: 2...100) ?? scale
        passes = try arguments.integer("--passes", in: 1...10) ?? passes
        postgres = arguments.values["--postgres"]
        skipPostgres = arguments.flag("--skip-postgres")
        manyAccounts = try arguments.integer("--accounts", in: 1...100_000)
        adsPerAccount = try arguments.integer("--ads-per-account", in: 1...10_000) ?? adsPerAccount
        parallel = try arguments.integer("--parallel", in: 1...32) ?? parallel
        if skipPostgres, postgres != nil {
            throw UsageError(message: "--skip-postgres cannot be combined with --postgres", command: Self.name)
        }
    }

    public func run(_ context: CommandContext) async throws -> ExitCode {
        let directory = NSTemporaryDirectory() + "pinterest-etl-bench-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if let manyAccounts {
            return try await runManyAccounts(manyAccounts, directory: directory)
        }
        // One PostgreSQL for the whole bench: the load figures and the end-to-end import.
        var server: BenchPostgres?
        var postgresNote: String?
        if skipPostgres {
            postgresNote = "PostgreSQL skipped (--skip-postgres)."
        } else {
            Self.progress("PostgreSQL: starting or connecting")
            do {
                if let url = postgres {
                    server = try await BenchPostgres.external(url: url)
                } else {
                    server = try BenchPostgres.startThrowaway()
                }
            } catch {
                postgresNote = "PostgreSQL skipped: \(error)"
            }
        }
        do {
            try await measure(directory: directory, server: server, postgresNote: postgresNote)
        } catch {
            await server?.stop()
            throw error
        }
        await server?.stop()
        return .success
    }

    private func measure(directory: String, server: BenchPostgres?, postgresNote: String?) async throws {
        let options = self
        var checks: [Check] = []

        // 1. Load throughput.
        let rows = SyntheticDeliveryRows(count: options.rows)
        let naiveRows = SyntheticDeliveryRows(count: min(options.naiveRows, options.rows))
        Self.progress("SQLite: sink, plain loop and naive path")
        let (sqliteSink, sqliteFloor) = try await Self.bestInTurns(options.passes) {
            try await LoadBenchmarks.sqliteSink(rows, directory: directory)
        } _: {
            try await LoadBenchmarks.sqliteFloor(rows, count: rows.count, directory: directory)
        }
        let sqliteNaive = try await LoadBenchmarks.sqliteNaive(naiveRows, directory: directory)
        var loadRows = [
            Self.loadLine("SQLite", "pinterest-etl sink (replaceDeliveryWindow)", sqliteSink),
            Self.loadLine("SQLite", "floor: plain prepared-statement loop", sqliteFloor),
            Self.loadLine("SQLite", "naive: one autocommitted insert per row", sqliteNaive),
        ]
        checks.append(.ratio("SQLite sink / plain loop", sqliteSink.rowsPerSecond / sqliteFloor.rowsPerSecond, atLeast: 0.70, percent: true))
        checks.append(.ratio("SQLite sink / naive", sqliteSink.rowsPerSecond / sqliteNaive.rowsPerSecond, atLeast: 5))

        if let server {
            Self.progress("PostgreSQL: sink, psql \\copy and naive path")
            let (sink, copy) = try await Self.bestInTurns(options.passes) {
                try await LoadBenchmarks.postgresSink(rows, server: server)
            } _: {
                try await LoadBenchmarks.postgresCopy(rows, count: rows.count, server: server, directory: directory)
            }
            let naive = try await LoadBenchmarks.postgresNaive(naiveRows, server: server)
            loadRows += [
                Self.loadLine("PostgreSQL", "pinterest-etl sink (replaceDeliveryWindow, COPY)", sink),
                Self.loadLine("PostgreSQL", "floor: psql \\copy … FROM file CSV", copy),
                Self.loadLine("PostgreSQL", "naive: one autocommitted insert per row", naive),
            ]
            checks.append(.ratio("PostgreSQL sink / psql \\copy", sink.rowsPerSecond / copy.rowsPerSecond, atLeast: 0.80, percent: true))
            checks.append(.ratio("PostgreSQL sink / naive", sink.rowsPerSecond / naive.rowsPerSecond, atLeast: 10))
        }

        // 2. The real program against the simulator, its own time judged against floors that
        // load the very rows of the same report file.
        let large = options.ads, huge = options.ads * options.scale, small = 1_000
        Self.progress("simulator: \(large), \(huge) and \(small) ads; delivery backfills of \(options.days) days")
        let imports = try await ImportBenchmarks(adsByAccount: [large, huge, small], directory: directory)
        defer { imports.stop() }
        let account = imports.accounts[0]
        // Each end-to-end figure, like its floor, is the best of `passes` runs taken in turns.
        let firstBackfill = try await imports.backfill(account: 0, days: options.days)
        guard let reportFile = imports.simulator.storedReportFiles.last else { throw BenchError("the simulator stored no report file") }
        var fileRows: [DeliveryRow] = []
        // Parsed from a copy: a DeliveryReportFile deletes its file when done.
        let copy = directory + "/report-copy.json"
        try FileManager.default.copyItem(atPath: reportFile, toPath: copy)
        try DeliveryReportFile(path: copy, account: account).forEachRow { fileRows.append($0) }
        guard fileRows.count == firstBackfill.rows else {
            throw BenchError("the report file holds \(fileRows.count) rows, the import stored \(firstBackfill.rows)")
        }
        var postgresImport: (ImportFigure, LoadFigure)?
        if let server {
            Self.progress("the \(large)-ad backfill into PostgreSQL, and psql \\copy of its rows")
            postgresImport = try await Self.bestInTurns(options.passes) {
                try await LoadBenchmarks.emptyPostgres(server).close()
                return try await imports.backfill(account: 0, days: options.days, sink: server.url)
            } _: {
                try await LoadBenchmarks.postgresCopy(fileRows, count: fileRows.count, server: server, directory: directory)
            }
        }
        Self.progress("the \(large)-ad backfill into SQLite again, and the plain loop on its rows")
        // The first pass's import is the run above, whose file the floors load.
        var unused: ImportFigure? = firstBackfill
        let (plainLoop, backfill) = try await Self.bestInTurns(options.passes) {
            try await LoadBenchmarks.sqliteFloor(fileRows, count: fileRows.count, directory: directory)
        } _: {
            defer { unused = nil }
            if let unused { return unused }
            return try await imports.backfill(account: 0, days: options.days)
        }
        // The naive script last: it holds the whole file in memory and leaves the most to flush.
        Self.progress("the naive script on the same \(fileRows.count) rows")
        let naiveDatabase = try await LoadBenchmarks.freshSQLite(directory, "naive-script.sqlite")
        let naiveScript = try await LoadBenchmarks.timed {
            try await NaiveScript.importReport(file: reportFile, account: account, database: naiveDatabase)
        }
        fileRows = []
        let scaled = try await imports.backfill(account: 1, days: options.days)
        Self.progress("the \(large)-ad backfill again, with breakdowns (\(TargetingTypes.defaultBreakdowns.joined(separator: ", ")))")
        let withBreakdowns = try await imports.backfill(account: 0, days: options.days, breakdowns: true)
        Self.progress("the \(small)-ad account: meta and 31 days of delivery, then the naive script's")
        let (smallRun, smallNaive) = try await Self.bestInTurns(options.passes) {
            let run = try await imports.metaAndDelivery(account: 2, days: 31)
            return SmallAccountFigure(rows: run.rows, seconds: run.seconds, reportWaitSeconds: run.reportWait)
        } _: {
            let database = try await LoadBenchmarks.freshSQLite(directory, "naive-small.sqlite")
            let start = ContinuousClock.now
            let run = try await NaiveScript.smallAccount(baseURL: imports.simulator.baseURL, tokenFile: imports.tokenFile,
                                                         account: imports.accounts[2], window: imports.window(days: 31),
                                                         database: database)
            return SmallAccountFigure(rows: run.rows, seconds: (ContinuousClock.now - start).seconds, reportWaitSeconds: run.reportWait)
        }
        Self.progress("daily delivery and meta refresh of the \(large)-ad account")
        let daily = try await imports.dailyDelivery(account: 0, lookbackDays: 5)
        let (meta, entities) = try await imports.meta(account: 0)

        checks.append(.ratio("large import into SQLite, own rows/s / plain loop on its rows",
                             backfill.ownRowsPerSecond / plainLoop.rowsPerSecond, atLeast: 0.75, percent: true))
        checks.append(.ratio("large import into SQLite, own rows/s / naive script",
                             backfill.ownRowsPerSecond / naiveScript.rowsPerSecond, atLeast: 2))
        if let (figure, copy) = postgresImport {
            checks.append(.ratio("large import into PostgreSQL, own rows/s / psql \\copy of its rows",
                                 figure.ownRowsPerSecond / copy.rowsPerSecond, atLeast: 0.75, percent: true))
        }
        checks.append(.ratio("small account, meta + delivery: naive script's own time / ours",
                             smallNaive.ownSeconds / smallRun.ownSeconds, atLeast: 2))
        let megabyte = 1_048_576.0
        checks.append(.limit("peak RSS, \(large)-ad backfill", Double(backfill.peakResidentBytes) / megabyte, below: 64, unit: " MB"))
        checks.append(.limit("peak RSS, \(huge)-ad backfill", Double(scaled.peakResidentBytes) / megabyte, below: 64, unit: " MB"))
        checks.append(.limit("peak RSS with breakdowns / without, \(large)-ad backfill",
                             Double(withBreakdowns.peakResidentBytes) / Double(max(backfill.peakResidentBytes, 1)), below: 1.5, unit: "×"))
        checks.append(.limit("peak RSS, \(options.scale)× rows / \(large)-ad backfill",
                             Double(scaled.peakResidentBytes) / Double(max(backfill.peakResidentBytes, 1)), below: 1.5, unit: "×"))
        checks.append(.limit("delivery backfill: report requests", Double(backfill.requests.reportCreates), below: 1, unit: "",
                             inclusive: true))
        checks.append(.limit("delivery daily: API calls besides polls and file ranges",
                             Double(daily.api - daily.reportPolls - daily.downloads), below: 2, unit: "", inclusive: true))
        let listCalls = [meta.campaignLists, meta.adGroupLists, meta.adLists]
        for (index, name) in ["campaigns", "ad groups", "ads"].enumerated() {
            let pages = (entities[index] + 249) / 250
            checks.append(.limit("meta: \(name) list calls (⌈\(entities[index])/250⌉)",
                                 Double(listCalls[index]), below: Double(pages), unit: "", inclusive: true))
        }

        // The report.
        print("Load throughput: \(rows.count) synthetic delivery rows (\(DeliveryRow.columnNames.count + 2) columns, 18-digit ids), "
              + "naive path on \(naiveRows.count); empty table, primary key in place; best of \(options.passes) passes")
        print(TextTable.render(header: ["warehouse", "path", "rows", "seconds", "rows/s"], rows: loadRows))
        if let postgresNote { print(postgresNote + "\n") }

        print("End to end: `pinterest-etl delivery --from … --to …` from the simulator (reports served from stored files, "
              + "in ranges), run as a child process; own = wall − the wait for the report to be built; the two \"large\" rows "
              + "best of \(options.passes) (peak RSS: the highest), the others one run")
        var importRows = [
            Self.importLine("large", "SQLite", backfill), Self.importLine("\(options.scale)× rows", "SQLite", scaled),
            Self.importLine("large + breakdowns", "SQLite", withBreakdowns),
        ]
        if let (figure, _) = postgresImport { importRows.insert(Self.importLine("large", "PostgreSQL", figure), at: 1) }
        print(TextTable.render(header: ["import", "warehouse", "ads × days", "rows", "wall s", "report wait s", "own s", "job CPU s",
                                        "own rows/s", "API requests", "file ranges", "peak RSS"], rows: importRows))

        print("Floors: the large import's own report file (\(backfill.rows) rows), loaded by other means")
        var floorRows = [
            ["SQLite", "plain prepared-statement loop, rows already in memory (best of \(options.passes))", String(plainLoop.rows),
             String(format: "%.2f", plainLoop.seconds), Self.grouped(plainLoop.rowsPerSecond)],
            ["SQLite", "naive script: JSONSerialization of the whole file, then one bound INSERT per row", String(naiveScript.rows),
             String(format: "%.2f", naiveScript.seconds), Self.grouped(naiveScript.rowsPerSecond)],
        ]
        if let (_, copy) = postgresImport {
            floorRows.append(["PostgreSQL", "psql \\copy … FROM file CSV (best of \(options.passes))", String(copy.rows),
                              String(format: "%.2f", copy.seconds), Self.grouped(copy.rowsPerSecond)])
        }
        print(TextTable.render(header: ["warehouse", "floor", "rows", "seconds", "rows/s"], rows: floorRows))

        print("Small account: \(small) ads, `meta` then 31 days of `delivery`, against the naive script doing the same over HTTP; "
              + "best of \(options.passes) each")
        print(TextTable.render(header: ["path", "delivery rows", "wall s", "report wait s", "own s"], rows: [
            Self.smallAccountLine("pinterest-etl meta + delivery (two child processes)", smallRun),
            Self.smallAccountLine("naive script (in this process, no OAuth, no pins)", smallNaive),
        ]))

        print("API calls: the \(large)-ad account (OAuth token refreshes not counted)")
        print(TextTable.render(header: ["job", "requests", "breakdown"], rows: [
            ["delivery --lookback-days 5", String(daily.api),
             "\(daily.reportCreates) report request, \(daily.reportPolls) polls, \(daily.downloads) file ranges, \(daily.other) other"],
            ["meta", String(meta.api),
             "\(meta.campaignLists) campaign pages (\(entities[0])), \(meta.adGroupLists) ad group pages (\(entities[1])), "
                + "\(meta.adLists) ad pages (\(entities[2])), \(meta.other) other"],
        ]))

        print("Targets")
        print(TextTable.render(header: ["figure", "measured", "target", "result"], rows: checks.map(\.line)), terminator: "")
    }

    private func runManyAccounts(_ count: Int, directory: String) async throws -> ExitCode {
        Self.progress("simulator: \(count) accounts of \(adsPerAccount) ads; one daily delivery run, \(parallel) accounts at once")
        let figures = try await ManyAccountsBenchmark(accounts: count, adsPerAccount: adsPerAccount, parallel: parallel)
            .run(directory: directory)
        let waiting = 1 - figures.cpuSeconds / max(figures.seconds, 0.001)
        let requests = figures.requests
        print("Many accounts: `pinterest-etl delivery` over \(count) accounts × \(adsPerAccount) ads, 5 days, into SQLite, as a child process")
        print(TextTable.render(header: ["figure", "value"], rows: [
            ["accounts succeeded", "\(figures.succeeded) of \(figures.accounts)"],
            ["delivery rows", String(figures.rows)],
            ["wall time", String(format: "%.1f s", figures.seconds)],
            ["job CPU time", String(format: "%.1f s", figures.cpuSeconds)],
            ["waiting (wall − CPU) / wall", String(format: "%.1f%%", waiting * 100)],
            ["rate-limit floor (limited requests at 300/min)", String(format: "%.1f s", figures.rateLimitFloorSeconds)],
            ["API requests", "\(requests.api): \(requests.reportCreates) report requests, \(requests.reportPolls) polls, "
                + "\(requests.downloads) downloads, \(requests.other) other"],
            ["OAuth refreshes", String(requests.token)],
            ["peak RSS", String(format: "%.1f MB", Double(figures.peakResidentBytes) / 1_048_576)],
            ["log lines (info)", "\(figures.logLines), of which \(figures.accountLines) account summaries"],
        ]))
        let checks: [Check] = [
            .limit("wall time / rate-limit floor", figures.seconds / max(figures.rateLimitFloorSeconds, 0.001), below: 1.25, unit: "×"),
            .limit("API calls per account besides polls", Double(requests.reportCreates + requests.downloads) / Double(count),
                   below: 2, unit: "", inclusive: true),
            .limit("peak RSS", Double(figures.peakResidentBytes) / 1_048_576, below: 64, unit: " MB"),
            .limit("log lines per account", Double(figures.logLines) / Double(count), below: 1.1, unit: " lines"),
        ]
        print("Targets")
        print(TextTable.render(header: ["figure", "measured", "target", "result"], rows: checks.map(\.line)), terminator: "")
        return .success
    }

    /// `first` and `second` measured `passes` times each: the machine may be shared, and a single
    /// pass can be off by tens of percent. They take turns at going first (the one that follows
    /// pays for the disk still flushing its predecessor), and each keeps its best pass.
    private static func bestInTurns<A: PassFigure, B: PassFigure>(
        _ passes: Int, _ first: () async throws -> A, _ second: () async throws -> B
    ) async throws -> (A, B) {
        var a: A?, b: B?
        func runFirst() async throws {
            let run = try await first()
            a = a.map { .best($0, run) } ?? run
        }
        func runSecond() async throws {
            let run = try await second()
            b = b.map { .best($0, run) } ?? run
        }
        for pass in 0..<max(passes, 1) {
            if pass % 2 == 0 {
                try await runFirst()
                try await runSecond()
            } else {
                try await runSecond()
                try await runFirst()
            }
        }
        return (a!, b!)
    }

    private static func smallAccountLine(_ path: String, _ figure: SmallAccountFigure) -> [String] {
        [path, String(figure.rows), String(format: "%.2f", figure.seconds), String(format: "%.2f", figure.reportWaitSeconds),
         String(format: "%.2f", figure.ownSeconds)]
    }

    /// Progress goes to stderr, so stdout is the report alone.
    private static func progress(_ text: String) {
        FileHandle.standardError.write(Data("bench: \(text)…\n".utf8))
    }

    private static func loadLine(_ warehouse: String, _ path: String, _ figure: LoadFigure) -> [String] {
        [warehouse, path, String(figure.rows), String(format: "%.2f", figure.seconds), grouped(figure.rowsPerSecond)]
    }

    private static func importLine(_ name: String, _ warehouse: String, _ figure: ImportFigure) -> [String] {
        [name, warehouse, "\(figure.ads) × \(figure.days)", String(figure.rows), String(format: "%.2f", figure.seconds),
         String(format: "%.2f", figure.reportWaitSeconds), String(format: "%.2f", figure.ownSeconds),
         String(format: "%.1f", figure.cpuSeconds), grouped(figure.ownRowsPerSecond),
         String(figure.requests.api - figure.requests.downloads), String(figure.requests.downloads),
         String(format: "%.1f MB", Double(figure.peakResidentBytes) / 1_048_576)]
    }

    /// 123456.7 → "123,457".
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// One target: the measured figure, the bound, PASS or SHORT.
    enum Check {
        case ratio(String, Double, atLeast: Double, percent: Bool = false)
        case limit(String, Double, below: Double, unit: String, inclusive: Bool = false)

        var line: [String] {
            switch self {
            case let .ratio(name, value, bound, percent):
                let shown = percent ? String(format: "%.0f%%", value * 100) : String(format: "%.1f×", value)
                let target = percent ? String(format: "≥ %.0f%%", bound * 100) : String(format: "≥ %.0f×", bound)
                return [name, shown, target, value >= bound ? "PASS" : "SHORT"]
            case let .limit(name, value, bound, unit, inclusive):
                let format = unit == "" ? "%.0f" : (unit == "×" ? "%.2f" : "%.1f")
                let passes = inclusive ? value <= bound : value < bound
                return [name, String(format: format, value) + unit, (inclusive ? "≤ " : "< ") + String(format: format, bound) + unit,
                        passes ? "PASS" : "SHORT"]
            }
        }
    }
}
