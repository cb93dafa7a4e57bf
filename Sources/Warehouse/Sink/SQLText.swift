import Foundation

/// How errors show a statement.
enum SQLText {
    /// The first line of a statement, shortened: enough to locate it, never a wall of text.
    static func summary(_ sql: String) -> String {
        let line = sql.split(whereSeparator: \.isNewline).first.map(String.init) ?? sql
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 120 ? String(trimmed.prefix(117)) + "..." : trimmed
    }
}
