import Foundation
import PinterestETL

/// `pinterest-etl [GLOBAL OPTIONS] COMMAND [OPTIONS]`: parses the command line against the
/// commands it knows, runs the one named, and turns every outcome into an exit code and a
/// message on stderr (the README lists the exit codes).
public struct CommandLineInterface: Sendable {
    public static let version = "0.1.0"

    /// The product's commands, in the order the overview lists them.
    public static let product = CommandLineInterface(commands: [
        MigrateCommand.self, DeliveryCommand.self, MetaCommand.self, AccountsCommand.self,
        AuthURLCommand.self, AuthExchangeCommand.self, AuthCheckCommand.self,
        StatusCommand.self, ReportCommand.self, DemoCommand.self, SimulatorCommand.self,
    ])

    public let commands: [any Command.Type]

    public init(commands: [any Command.Type]) {
        self.commands = commands
        precondition(Set(commands.map { $0.name }).count == commands.count, "two commands share a name")
    }

    /// These commands and `more` (the executable adds `bench`).
    public func adding(_ more: [any Command.Type]) -> CommandLineInterface {
        CommandLineInterface(commands: commands + more)
    }

    /// What the command line asks for.
    public enum Action: Sendable {
        case help(topic: String?)
        case version
        case run(any Command)
    }

    public struct Parsed: Sendable {
        public var action: Action
        public var global: GlobalOptions

        /// The command to run, if the line names one (not for `--help` or `--version`).
        public var command: (any Command)? {
            if case .run(let command) = action { return command }
            return nil
        }
    }

    // MARK: Parsing

    /// Every mistake is a `UsageError`.
    public func parse(_ arguments: [String]) throws -> Parsed {
        // Global options may stand before the command, as with git and systemctl.
        let leading = try CommandArguments(arguments, valued: Set(GlobalOptions.valued), flags: ["--version"],
                                           command: nil, stopAtPositional: true)
        if leading.help { return Parsed(action: .help(topic: nil), global: GlobalOptions()) }
        if leading.flag("--version") { return Parsed(action: .version, global: GlobalOptions()) }
        var rest = leading.rest
        guard let name = rest.first else { return Parsed(action: .help(topic: nil), global: GlobalOptions()) }
        rest.removeFirst()
        if name == "help" { return Parsed(action: .help(topic: rest.first), global: GlobalOptions()) }

        var commandName = name
        if commands.contains(where: { $0.name.hasPrefix(name + " ") }) {
            // A group (`auth`): the next word names the subcommand.
            guard let sub = rest.first, !sub.hasPrefix("-") else {
                if rest.contains("--help") || rest.contains("-h") { return Parsed(action: .help(topic: name), global: GlobalOptions()) }
                let subcommands = commands.map { $0.name }.filter { $0.hasPrefix(name + " ") }.map { $0.dropFirst(name.count + 1) }
                throw UsageError(message: "\(name) needs a subcommand: \(subcommands.joined(separator: ", "))", command: name)
            }
            rest.removeFirst()
            commandName = "\(name) \(sub)"
        }
        guard let type = commands.first(where: { $0.name == commandName }) else {
            throw UsageError(message: "unknown command '\(commandName)'", command: nil)
        }
        var options = try CommandArguments(rest, valued: Set(GlobalOptions.valued + type.valuedOptions), flags: Set(type.flags),
                                           command: commandName)
        if options.help { return Parsed(action: .help(topic: commandName), global: GlobalOptions()) }
        try options.merge(leading)
        var global = GlobalOptions()
        try global.take(from: options)
        return Parsed(action: .run(try type.init(options)), global: global)
    }

    // MARK: Help

    var overview: String {
        let width = (commands.map { $0.name.count }.max() ?? 0) + 3
        let lines = commands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
        return """
            pinterest-etl \(Self.version): moves Pinterest Ads data into SQLite or PostgreSQL.

            Usage: pinterest-etl [OPTIONS] COMMAND [OPTIONS]

            Commands:
            \(lines.joined(separator: "\n"))

            \(GlobalOptions.help)

            Exit codes: 0 ok, 1 an account failed, 64 bad command line, 69 unreachable,
            75 busy or rate limited, 77 credentials rejected, 78 bad configuration, 130 stopped by a signal.
            Run 'pinterest-etl COMMAND --help' for a command's options.
            """
    }

    /// `--help` for a command, a group (`auth`), or the overview.
    public func help(for topic: String?) -> String {
        guard let topic else { return overview }
        let matching = commands.filter { $0.name == topic || $0.name.hasPrefix(topic + " ") }
        guard !matching.isEmpty else { return overview }
        return "Usage: " + matching.map { $0.usage }.joined(separator: "\n\n") + "\n\n" + GlobalOptions.help
    }

    // MARK: Running

    /// Parses, runs, and returns the process exit code.
    public func main(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let parsed: Parsed
        do {
            parsed = try parse(arguments)
        } catch {
            Self.printError("pinterest-etl: \(error)")
            return ExitCode.usage.rawValue
        }
        let command: any Command
        switch parsed.action {
        case .help(let topic):
            print(help(for: topic))
            return ExitCode.success.rawValue
        case .version:
            print("pinterest-etl \(Self.version)")
            return ExitCode.success.rawValue
        case .run(let named):
            command = named
        }
        let logger = Logger(format: parsed.global.logFormat, level: parsed.global.logLevel)
        let context = CommandContext(global: parsed.global, environment: environment, logger: logger)
        do {
            return try await command.run(context).rawValue
        } catch {
            let code = ExitCode(for: error)
            if error is UsageError {
                Self.printError("pinterest-etl: \(error)")
            } else {
                logger.error(String(describing: error), ("exit_code", String(code.rawValue)))
            }
            return code.rawValue
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
