import PinterestAPI

/// `accounts`: the ad accounts the credentials can read, as a table on stdout.
enum AccountsCommand {
    static func run(client: PinterestClient) async throws -> ExitCode {
        let accounts = try await client.adAccounts()
        let rows = accounts.map { [$0.id, TextTable.clean($0.name ?? ""), $0.currency ?? "", $0.country ?? ""] }
        print(TextTable.render(header: ["id", "name", "currency", "country"], rows: rows), terminator: "")
        return .success
    }
}
