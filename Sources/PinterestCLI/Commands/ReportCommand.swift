import PinterestETL
import Warehouse

/// `report`: one self-contained HTML dashboard of the warehouse.
public struct ReportCommand: ConfiguredCommand, Equatable {
    public static let name = "report"
    public static let summary = "write a self-contained HTML dashboard of the warehouse"
    public static let usage = """
        pinterest-etl report [--days N] [--accounts ID,ID] [--out FILE] [OPTIONS]
          Writes one HTML file (default pinterest-report.html) that opens in any browser with no
          network: headline figures, daily spend and CTR, campaigns and top ads by spend,
          breakdowns by device, age, gender and country, and each account's freshness, for the
          N days (default 30) ending with the newest loaded date.
        """
    public static let valuedOptions = ["--days", "--accounts", "--out"]

    public var days = 30
    public var accounts: [String]?
    public var out = "pinterest-report.html"

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        days = try arguments.integer("--days", in: 1...3_650) ?? days
        accounts = try arguments.accountList()
        out = arguments.values["--out"] ?? out
        guard !out.isEmpty else { throw UsageError(message: "--out needs a file name", command: Self.name) }
    }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let warehouse = try Warehouse.open(configuration.sink, access: .readOnly)
        defer { warehouse.close() }
        try warehouse.requireCurrentSchema()
        let written = try DashboardReport.write(warehouse, days: days, accounts: accounts, to: out)
        print(written.path)
        context.logger.info("dashboard written", ("path", written.path), ("bytes", String(written.bytes)),
                            ("window", written.window?.description ?? "no delivery yet"))
        return .success
    }
}
