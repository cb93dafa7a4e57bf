import PinterestETL

/// `accounts`: the ad accounts the credentials can read, as a table on stdout.
public struct AccountsCommand: ConfiguredCommand, Equatable {
    public static let name = "accounts"
    public static let summary = "list the ad accounts the credentials can read"
    public static let usage = """
        pinterest-etl accounts [OPTIONS]
          Lists the ad accounts the credentials can read: id, name, currency, country.
        """

    public init(_ arguments: CommandArguments) throws { try arguments.noPositionals() }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let client = try configuration.makeClient(events: APIEventLog(logger: context.logger))
        let accounts = try await client.adAccounts()
        let rows = accounts.map { [$0.id, TextTable.clean($0.name ?? ""), $0.currency ?? "", $0.country ?? ""] }
        print(TextTable.render(header: ["id", "name", "currency", "country"], rows: rows), terminator: "")
        return .success
    }
}
