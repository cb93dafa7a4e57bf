import PinterestETL
import Warehouse

/// `migrate`: applies pending migrations; a second run changes nothing.
public struct MigrateCommand: ConfiguredCommand, Equatable {
    public static let name = "migrate"
    public static let summary = "create or upgrade the warehouse schema"
    public static let usage = """
        pinterest-etl migrate [OPTIONS]
          Creates or upgrades the warehouse schema. Safe to run any number of times.
        """

    public init() {}
    public init(_ arguments: CommandArguments) throws { try arguments.noPositionals() }

    public func run(configuration: Configuration, context: CommandContext) async throws -> ExitCode {
        let warehouse = try Warehouse.open(configuration.sink)
        defer { warehouse.close() }
        let applied = try await warehouse.migrate()
        let location = configuration.sink.redacted
        if applied.isEmpty {
            context.logger.info("schema is up to date", ("sink", location), ("version", String(try warehouse.appliedVersions().last ?? 0)))
        } else {
            context.logger.info("applied \(applied.map(\.name).joined(separator: ", "))", ("sink", location))
        }
        return .success
    }
}
