import Foundation

/// One schema change, from `migrations/<dialect>/NNNN_name.sql` (embedded at build time).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
}

extension Migration {
    /// The migrations for a dialect, in version order.
    public static func all(for dialect: SQLDialect) -> [Migration] {
        let files = EmbeddedMigrations.files[dialect.rawValue] ?? []
        return files.compactMap { file in
            guard let version = Int(file.name.prefix(while: \.isNumber)) else { return nil }
            return Migration(version: version, name: file.name, sql: file.sql)
        }.sorted { $0.version < $1.version }
    }
}
