/// A credential (client secret, access or refresh token) that never prints itself.
///
/// > Important: `value` is the only way to read the text; `description`, `debugDescription`
/// > and string interpolation all yield `<redacted>`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
