import PinterestETL

/// A command that needs the configuration (file, environment, credentials) before it runs.
public protocol ConfiguredCommand: Command {
    func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode
}

extension ConfiguredCommand {
    public func run(_ context: CommandContext) async throws -> ExitCode {
        try await run(configuration: context.configuration(), context: context)
    }
}
