import PinterestETL
import PinterestModel

/// `delivery`: the daily import (the lookback window) or a backfill (`--from`/`--to`).
public struct DeliveryCommand: ConfiguredCommand, Equatable {
    public static let name = "delivery"
    public static let summary = "import daily delivery per ad (the last 5 days, or --from/--to)"
    public static let usage = """
        pinterest-etl delivery [--accounts ID,ID] [--lookback-days N | --from YYYY-MM-DD --to YYYY-MM-DD] [OPTIONS]
          Imports one row per ad per day into pinterest_data_delivery, and per ad per day per
          breakdown value (config 'breakdowns') into pinterest_data_targeting. By default re-imports the
          last N complete UTC days ending yesterday (N = lookback_days, default 5), replacing
          those days per account in one transaction. --from/--to backfills an explicit window,
          committed chunk by chunk.
        """
    public static let valuedOptions = ["--accounts", "--lookback-days", "--from", "--to"]

    public var options: DeliveryOptions

    public init(_ options: DeliveryOptions = DeliveryOptions()) { self.options = options }

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        var options = DeliveryOptions()
        options.accounts = try arguments.accountList()
        options.lookbackDays = try arguments.integer("--lookback-days", in: 1...ReportLimits.maxDaysBack)
        switch (try arguments.day("--from"), try arguments.day("--to")) {
        case (nil, nil): break
        case let (first?, last?):
            guard let range = DayRange(first: first, last: last) else {
                throw UsageError(message: "--from \(first) is after --to \(last)", command: Self.name)
            }
            guard options.lookbackDays == nil else {
                throw UsageError(message: "--lookback-days cannot be combined with --from/--to", command: Self.name)
            }
            options.window = range
        default:
            throw UsageError(message: "--from and --to go together", command: Self.name)
        }
        self.options = options
    }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        try await Job.delivery(options).run(configuration: configuration, environment: context.environment, logger: context.logger)
    }
}
