import PinterestETL

/// `auth exchange CODE`: trades the consent redirect's code for tokens and stores them.
public struct AuthExchangeCommand: ConfiguredCommand, Equatable {
    public static let name = "auth exchange"
    public static let summary = "trade the authorization CODE for tokens and store them"
    public static let usage = """
        pinterest-etl auth exchange CODE [--redirect-uri URI] [OPTIONS]
          Trades the authorization code from the consent redirect for tokens and stores them
          in the token store (mode 0600).
        """
    public static let valuedOptions = ["--redirect-uri"]

    public var code: String
    public var redirectURI: String

    public init(code: String, redirectURI: String = AuthURLCommand.defaultRedirectURI) {
        self.code = code
        self.redirectURI = redirectURI
    }

    public init(_ arguments: CommandArguments) throws {
        guard arguments.positionals.count == 1, let code = arguments.positionals.first else {
            throw UsageError(message: "auth exchange takes exactly one authorization CODE", command: Self.name)
        }
        self.init(code: code, redirectURI: arguments.values["--redirect-uri"] ?? AuthURLCommand.defaultRedirectURI)
    }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let client = try configuration.makeClient(events: APIEventLog(logger: context.logger))
        try await configuration.prepareTokenStore()
        try await client.exchangeAuthorizationCode(code, redirectURI: redirectURI)
        context.logger.info("authorized: tokens stored", ("token_store", configuration.tokenStore))
        return .success
    }
}
