/// A configuration value that cannot be used; names the key and where it came from.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let key: String
    /// A file path or an environment variable name.
    public let source: String?
    public let message: String

    public init(key: String, source: String?, message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    public var description: String {
        "configuration key '\(key)'\(source.map { " (from \($0))" } ?? ""): \(message)"
    }
}
