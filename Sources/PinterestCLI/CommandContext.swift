import Foundation
import PinterestETL

/// What a running command has: the global options, the environment and the logger.
public struct CommandContext: Sendable {
    public let global: GlobalOptions
    public let environment: [String: String]
    public let logger: Logger

    /// The validated configuration (file, environment, `--config`, `--sink`); its secrets are
    /// handed to the logger's scrubber before anything can print them.
    public func configuration() throws -> Configuration {
        let configuration = try ConfigurationLoader(environment: environment)
            .load(explicitPath: global.configPath, sinkOverride: global.sink)
        logger.redacting(configuration.secrets)
        return configuration
    }
}
