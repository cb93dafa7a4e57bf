/// A credential (client secret, access or refresh token) that never prints itself.
///
/// > Important: `value` is the only way to read the text; `description`, `debugDescription`,
/// > string interpolation, `dump()` and `Mirror` all yield `<redacted>`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    /// No children: `dump()` and `Mirror` would otherwise walk to `value`.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
