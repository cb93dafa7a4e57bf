import PinterestETL

/// `auth check`: proves the stored refresh token works (and stores the rotated one).
public struct AuthCheckCommand: ConfiguredCommand, Equatable {
    public static let name = "auth check"
    public static let summary = "refresh the access token once and say whether the credentials work"
    public static let usage = """
        pinterest-etl auth check [OPTIONS]
          Refreshes the access token with the stored refresh token (storing the rotated one)
          and reports whether the credentials work.
        """

    public init(_ arguments: CommandArguments) throws { try arguments.noPositionals() }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let client = try configuration.makeClient(events: APIEventLog(logger: context.logger))
        try await configuration.prepareTokenStore()
        try await client.checkAuthorization()
        context.logger.info("credentials work: the refresh token was accepted and the rotated one stored",
                            ("token_store", configuration.tokenStore))
        return .success
    }
}
