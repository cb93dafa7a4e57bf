// swift-tools-version: 6.2
import PackageDescription

// Foundation only: the two C libraries come from the system (apt: libsqlite3-dev, libpq-dev).
let package = Package(
    name: "pinterest-etl",
    products: [
        .executable(name: "pinterest-etl", targets: ["pinterest-etl"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CPostgreSQL",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Typed rows shared by the API client (producer) and the warehouse (consumer).
        .target(name: "PinterestModel"),
        // Turns migrations/*.sql into Swift source at build time, so the installed binary
        // carries its schema and never looks for the source tree.
        .executableTarget(name: "MigrationEmbedder"),
        .plugin(
            name: "EmbedMigrationsPlugin",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"],
            path: "Sources/EmbedMigrationsPlugin"
        ),
        .target(
            name: "Warehouse",
            dependencies: ["CSQLite", "CPostgreSQL", "PinterestModel"],
            plugins: ["EmbedMigrationsPlugin"]
        ),
        .target(name: "PinterestAPI", dependencies: ["PinterestModel"]),
        .target(name: "PinterestSimulator", dependencies: ["PinterestModel"]),
        // The jobs: configuration, the delivery import and meta refresh, logging, exit codes.
        .target(name: "PinterestETL", dependencies: ["PinterestModel", "Warehouse", "PinterestAPI"]),
        // The dashboard page: HTML and SVG from typed figures, no dependency of its own.
        .target(name: "Dashboard"),
        // The commands, one type each, and the command line that dispatches to them.
        .target(
            name: "PinterestCLI",
            dependencies: ["PinterestETL", "PinterestModel", "Warehouse", "PinterestAPI", "PinterestSimulator", "Dashboard"]
        ),
        // Child processes (posix_spawn + wait4) and throwaway PostgreSQL clusters, for the
        // bench and the tests alike.
        .target(name: "ProcessSupport", dependencies: ["PinterestModel"]),
        // `bench`: linked only by the executable, never by the product's libraries.
        .target(
            name: "Benchmarks",
            dependencies: ["PinterestAPI", "PinterestCLI", "PinterestETL", "PinterestModel", "Warehouse", "PinterestSimulator", "ProcessSupport"]
        ),
        .executableTarget(name: "pinterest-etl", dependencies: ["PinterestCLI", "PinterestETL", "Benchmarks"]),
        // Shared by the test targets: the suite's PostgreSQL server and its scratch folders.
        .target(name: "TestSupport", dependencies: ["ProcessSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "PinterestModel", "TestSupport"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard"]),
        .testTarget(name: "PinterestSimulatorTests", dependencies: ["PinterestSimulator", "PinterestModel"]),
        .testTarget(
            name: "PinterestAPITests",
            // PinterestETL for the exit codes the API's errors map to.
            dependencies: ["PinterestAPI", "PinterestSimulator", "PinterestModel", "PinterestETL", "TestSupport"],
            // Read by path (#filePath), not bundled.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PinterestETLTests",
            dependencies: ["PinterestETL", "PinterestCLI", "Benchmarks", "Warehouse", "PinterestSimulator", "PinterestModel", "Dashboard",
                           "PinterestAPI", "ProcessSupport", "TestSupport"]
        ),
    ]
)

// One place for the settings every Swift target shares.
for target in package.targets where target.type != .system && target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
