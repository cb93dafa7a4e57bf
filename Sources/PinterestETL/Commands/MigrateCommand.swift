import Warehouse

/// `migrate`: applies pending migrations; a second run changes nothing.
enum MigrateCommand {
    static func run(configuration: Configuration, logger: Logger) async throws -> ExitCode {
        let sink = try openWarehouse(configuration.sink)
        defer { sink.close() }
        let applied = try await sink.migrate()
        let location = SinkURL.redacted(configuration.sink)
        if applied.isEmpty {
            logger.info("schema is up to date", ("sink", location), ("version", String(try sink.appliedVersions().last ?? 0)))
        } else {
            logger.info("applied \(applied.map(\.name).joined(separator: ", "))", ("sink", location))
        }
        return .success
    }
}
