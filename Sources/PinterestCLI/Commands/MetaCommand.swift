import PinterestETL

/// `meta`: replaces each account's lookup rows.
public struct MetaCommand: ConfiguredCommand, Equatable {
    public static let name = "meta"
    public static let summary = "refresh the campaign, ad group, ad and account lookup tables"
    public static let usage = """
        pinterest-etl meta [--accounts ID,ID] [OPTIONS]
          Replaces each account's campaigns, ad groups and ads (every status, archived
          included), the pins its ads promote and the account itself in the lookup tables, one
          transaction per account, after everything is fetched; then the names of the breakdowns'
          targeting codes.
        """
    public static let valuedOptions = ["--accounts"]

    public var accounts: [String]?

    public init(accounts: [String]? = nil) { self.accounts = accounts }

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        accounts = try arguments.accountList()
    }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        try await Job.meta(accounts: accounts).run(configuration: configuration, environment: context.environment, logger: context.logger)
    }
}
