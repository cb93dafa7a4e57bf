import PinterestETL

/// Options every command takes, before or after the command's name.
public struct GlobalOptions: Sendable, Equatable {
    public var configPath: String?
    public var sink: String?
    public var logFormat: LogFormat = .text
    public var logLevel: LogLevel = .info

    public init() {}

    static let valued = ["--config", "--sink", "--log-format", "--log-level"]

    static let help = """
        Options every command takes (before or after the command):
          --config PATH            JSON configuration file (default: $PINTEREST_ETL_CONFIG, else /etc/pinterest-etl/config.json if present)
          --sink URL               warehouse: sqlite:PATH or postgres://… (default: config 'sink', else sqlite:pinterest.sqlite)
          --log-format text|json   one event per line on stderr (default text)
          --log-level LEVEL        debug, info, warning or error (default info)
        """

    /// Takes the global options out of `arguments`; `command` names where they stood, for messages.
    mutating func take(from arguments: CommandArguments) throws {
        configPath = arguments.values["--config"] ?? configPath
        sink = arguments.values["--sink"] ?? sink
        if let format = arguments.values["--log-format"] {
            guard let parsed = LogFormat(rawValue: format) else {
                throw UsageError(message: "--log-format must be text or json, not '\(format)'", command: arguments.command)
            }
            logFormat = parsed
        }
        if let level = arguments.values["--log-level"] {
            guard let parsed = LogLevel(name: level) else {
                throw UsageError(message: "--log-level must be debug, info, warning or error, not '\(level)'", command: arguments.command)
            }
            logLevel = parsed
        }
    }
}
