import Foundation

/// A `Content-Range: bytes FIRST-LAST/TOTAL` header of a 206 answer (RFC 9110 §14.4).
public struct ContentRange: Equatable, Sendable {
    public let first: Int64
    public let last: Int64
    /// Nil when the server wrote `*` (length unknown).
    public let total: Int64?

    public init?(_ header: String?) {
        guard let header else { return nil }
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst("bytes ".count)
        let parts = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let bounds = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first else {
            return nil
        }
        if parts[1] == "*" {
            total = nil
        } else {
            guard let total = Int64(parts[1]), total > last else { return nil }
            self.total = total
        }
        self.first = first
        self.last = last
    }
}
