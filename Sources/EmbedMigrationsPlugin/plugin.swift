import Foundation
import PackagePlugin

/// Embeds `migrations/<dialect>/*.sql` into the target as generated Swift source.
@main
struct EmbedMigrationsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "migrations")
        let dialects = ["sqlite", "postgres"]
        var inputs: [URL] = []
        for dialect in dialects {
            let folder = root.appending(path: dialect)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            inputs += names.filter { $0.hasSuffix(".sql") }.sorted().map { folder.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) migration files",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path] + dialects.map { "\($0)=\(root.appending(path: $0).path)" },
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
