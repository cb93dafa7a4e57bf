/// A bad command line (exit 64), with the help to show.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let command: String?

    public init(message: String, command: String?) {
        self.message = message
        self.command = command
    }

    public var description: String {
        "\(message)\nRun 'pinterest-etl \(command.map { "\($0) " } ?? "")--help' for usage."
    }
}
