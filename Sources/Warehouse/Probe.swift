enum _Probe { static let count = EmbeddedMigrations.files.count }
