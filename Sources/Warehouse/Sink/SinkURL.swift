import Foundation

/// Where the warehouse is: `sqlite:PATH`, or a libpq URI (`postgres://…`, `postgresql://…`).
public enum SinkURL: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(conninfo: String)

    public init(_ text: String) throws {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // Accept sqlite:///abs/path and sqlite://rel as well as sqlite:PATH.
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw WarehouseError.invalidSinkURL(text) }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(conninfo: text)
        } else {
            throw WarehouseError.invalidSinkURL(text)
        }
    }

    /// Safe to log: a password in the URI's user info or query is replaced by `***`.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let conninfo): return Self.redacted(conninfo)
        }
    }

    /// The passwords this sink's text carries, for the logs' scrubber.
    public var passwords: [String] {
        switch self {
        case .sqlite: return []
        case .postgres(let conninfo): return Self.passwords(in: conninfo)
        }
    }

    /// The password a libpq URI carries (user info or `password=`), as written and decoded, so
    /// logs can scrub it.
    public static func passwords(in text: String) -> [String] {
        let redacted = redacted(text)
        guard redacted != text else { return [] }
        // The password is what redaction replaced: the text between the common prefix and suffix.
        let prefix = zip(text, redacted).prefix(while: { $0 == $1 }).count
        let suffix = zip(text.reversed(), redacted.reversed()).prefix(while: { $0 == $1 }).count
        let start = text.index(text.startIndex, offsetBy: prefix)
        let end = text.index(text.endIndex, offsetBy: -suffix)
        guard start < end else { return [] }
        let password = String(text[start..<end])
        let decoded = password.removingPercentEncoding ?? password
        return decoded == password ? [password] : [password, decoded]
    }

    /// Redacts passwords from any sink text, valid or not.
    public static func redacted(_ text: String) -> String {
        var result = text
        // user:password@ in the authority.
        if let scheme = result.range(of: "://") {
            let authorityEnd = result[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? result.endIndex
            if let at = result[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
               let colon = result[scheme.upperBound..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        // password=… in the query string or a key/value conninfo.
        if let range = result.range(of: "password=", options: .caseInsensitive) {
            let valueEnd = result[range.upperBound...].firstIndex(where: { $0 == "&" || $0 == " " }) ?? result.endIndex
            result.replaceSubrange(range.upperBound..<valueEnd, with: "***")
        }
        return result
    }
}
