import PinterestETL

/// One `pinterest-etl` command: its name, its options, its help, how it validates what it was
/// given, and what it does. A command is written in one file and listed once, in
/// `CommandLineInterface.product` (or, for `bench`, by the executable).
public protocol Command: Sendable {
    /// As typed: `delivery`, or `auth exchange` for a subcommand.
    static var name: String { get }
    /// One line for the overview.
    static var summary: String { get }
    /// The synopsis and what the command does, for `--help`.
    static var usage: String { get }
    /// Options that take a value, besides the global ones.
    static var valuedOptions: [String] { get }
    /// Options that stand alone.
    static var flags: [String] { get }

    /// Reads and validates the command's arguments; every mistake is a `UsageError`.
    init(_ arguments: CommandArguments) throws
    func run(_ context: CommandContext) async throws -> ExitCode
}

extension Command {
    public static var valuedOptions: [String] { [] }
    public static var flags: [String] { [] }
}
