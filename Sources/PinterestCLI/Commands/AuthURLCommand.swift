import Foundation
import PinterestETL

/// `auth url`: the consent URL that starts the OAuth bootstrap.
public struct AuthURLCommand: ConfiguredCommand, Equatable {
    public static let name = "auth url"
    public static let summary = "print the Pinterest consent URL for the app"
    public static let usage = """
        pinterest-etl auth url [--redirect-uri URI] [--state TEXT] [OPTIONS]
          Prints the Pinterest consent URL for the app (scopes ads:read, pins:read, boards:read).
        """
    public static let valuedOptions = ["--redirect-uri", "--state"]
    public static let defaultRedirectURI = "http://localhost:8085/callback"

    public var redirectURI: String
    public var state: String?

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        redirectURI = arguments.values["--redirect-uri"] ?? Self.defaultRedirectURI
        state = arguments.values["--state"]
    }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let client = try configuration.makeClient(events: APIEventLog(logger: context.logger))
        print(client.authorizationURL(redirectURI: redirectURI, state: state ?? UUID().uuidString))
        return .success
    }
}
