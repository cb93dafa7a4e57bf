import Foundation
import PinterestModel

/// A bad command line (exit 64), with the help to show.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let command: String?

    public var description: String {
        "\(message)\nRun 'pinterest-etl \(command.map { "\($0) " } ?? "")--help' for usage."
    }
}

/// Options every command takes.
public struct GlobalOptions: Sendable, Equatable {
    public var configPath: String?
    public var sink: String?
    public var logFormat: LogFormat = .text
    public var logLevel: LogLevel = .info
}

public struct DeliveryOptions: Sendable, Equatable {
    public var accounts: [String]?
    public var lookbackDays: Int?
    /// An explicit window (backfill) instead of the lookback.
    public var window: DayRange?
}

public struct SimulatorCommandOptions: Sendable, Equatable {
    public var port: UInt16 = 8090
    public var seed: UInt64 = 1
    public var accounts = 2
    public var adsPerAccount = 40
    public var faults: [String] = []
}

/// `bench` sizes; the defaults are the figures of the README.
public struct BenchOptions: Sendable, Equatable {
    public var rows = 1_000_000
    public var naiveRows = 20_000
    public var ads = 20_000
    public var days = 30
    /// The memory run imports `scale` times the ads of the large one.
    public var scale = 10
    /// Passes of each bulk load; the best counts.
    public var passes = 2
    public var postgres: String?
    public var skipPostgres = false
}

public struct DemoOptions: Sendable, Equatable {
    public var seed: UInt64 = 1
    public var accounts = 2
    public var adsPerAccount = 40
}

/// What the user asked for.
public enum Command: Sendable, Equatable {
    case help(topic: String?)
    case version
    case migrate
    case delivery(DeliveryOptions)
    case meta(accounts: [String]?)
    case accounts
    case authURL(redirectURI: String, state: String?)
    case authExchange(code: String, redirectURI: String)
    case authCheck
    case status(maxAgeDays: Int)
    case demo(DemoOptions)
    case simulator(SimulatorCommandOptions)
    case bench(BenchOptions)
}

public struct ParsedArguments: Sendable, Equatable {
    public var command: Command
    public var global: GlobalOptions
}

/// Parses `pinterest-etl COMMAND [OPTIONS]`; every mistake is a `UsageError`.
public enum ArgumentParser {
    public static let defaultRedirectURI = "http://localhost:8085/callback"
    static let globalValued: Set<String> = ["--config", "--sink", "--log-format", "--log-level"]

    public static func parse(_ arguments: [String]) throws -> ParsedArguments {
        var rest = arguments
        guard let name = rest.first else { return ParsedArguments(command: .help(topic: nil), global: GlobalOptions()) }
        rest.removeFirst()
        switch name {
        case "--help", "-h", "help":
            return ParsedArguments(command: .help(topic: rest.first), global: GlobalOptions())
        case "--version":
            return ParsedArguments(command: .version, global: GlobalOptions())
        default: break
        }
        var commandName = name
        if name == "auth" {
            guard let sub = rest.first, !sub.hasPrefix("-") else {
                if rest.contains("--help") || rest.contains("-h") { return ParsedArguments(command: .help(topic: "auth"), global: GlobalOptions()) }
                throw UsageError(message: "auth needs a subcommand: url, exchange CODE or check", command: "auth")
            }
            rest.removeFirst()
            commandName = "auth \(sub)"
        }
        guard let spec = Help.commands[commandName] else {
            throw UsageError(message: "unknown command '\(name)'", command: nil)
        }
        let options = try Options(rest, valued: globalValued.union(spec.valued), flags: spec.flags, command: commandName)
        if options.help { return ParsedArguments(command: .help(topic: commandName), global: GlobalOptions()) }
        var global = GlobalOptions()
        global.configPath = options.values["--config"]
        global.sink = options.values["--sink"]
        if let format = options.values["--log-format"] {
            guard let parsed = LogFormat(rawValue: format) else {
                throw UsageError(message: "--log-format must be text or json, not '\(format)'", command: commandName)
            }
            global.logFormat = parsed
        }
        if let level = options.values["--log-level"] {
            guard let parsed = LogLevel(name: level) else {
                throw UsageError(message: "--log-level must be debug, info, warning or error, not '\(level)'", command: commandName)
            }
            global.logLevel = parsed
        }
        let command = try build(commandName, options)
        return ParsedArguments(command: command, global: global)
    }

    private static func build(_ name: String, _ options: Options) throws -> Command {
        switch name {
        case "migrate":
            try options.noPositionals()
            return .migrate
        case "delivery":
            try options.noPositionals()
            var delivery = DeliveryOptions()
            delivery.accounts = try options.accountList()
            delivery.lookbackDays = try options.integer("--lookback-days", in: 1...914)
            let from = try options.day("--from")
            let to = try options.day("--to")
            switch (from, to) {
            case (nil, nil): break
            case let (first?, last?):
                guard let range = DayRange(first: first, last: last) else {
                    throw UsageError(message: "--from \(first) is after --to \(last)", command: name)
                }
                guard delivery.lookbackDays == nil else {
                    throw UsageError(message: "--lookback-days cannot be combined with --from/--to", command: name)
                }
                delivery.window = range
            default:
                throw UsageError(message: "--from and --to go together", command: name)
            }
            return .delivery(delivery)
        case "meta":
            try options.noPositionals()
            return .meta(accounts: try options.accountList())
        case "accounts":
            try options.noPositionals()
            return .accounts
        case "auth url":
            try options.noPositionals()
            return .authURL(redirectURI: options.values["--redirect-uri"] ?? defaultRedirectURI, state: options.values["--state"])
        case "auth exchange":
            guard options.positionals.count == 1, let code = options.positionals.first else {
                throw UsageError(message: "auth exchange takes exactly one authorization CODE", command: name)
            }
            return .authExchange(code: code, redirectURI: options.values["--redirect-uri"] ?? defaultRedirectURI)
        case "auth check":
            try options.noPositionals()
            return .authCheck
        case "status":
            try options.noPositionals()
            return .status(maxAgeDays: try options.integer("--max-age-days", in: 1...3650) ?? 2)
        case "demo":
            try options.noPositionals()
            var demo = DemoOptions()
            demo.seed = try options.unsigned("--seed") ?? demo.seed
            demo.accounts = try options.integer("--accounts", in: 1...50) ?? demo.accounts
            demo.adsPerAccount = try options.integer("--ads", in: 1...1_000_000) ?? demo.adsPerAccount
            return .demo(demo)
        case "simulator":
            try options.noPositionals()
            var simulator = SimulatorCommandOptions()
            simulator.port = UInt16(try options.integer("--port", in: 0...65535) ?? Int(simulator.port))
            simulator.seed = try options.unsigned("--seed") ?? simulator.seed
            simulator.accounts = try options.integer("--accounts", in: 1...50) ?? simulator.accounts
            simulator.adsPerAccount = try options.integer("--ads", in: 1...1_000_000) ?? simulator.adsPerAccount
            simulator.faults = options.values["--faults"].map { $0.split(separator: ",").map(String.init) } ?? []
            return .simulator(simulator)
        case "bench":
            try options.noPositionals()
            var bench = BenchOptions()
            bench.rows = try options.integer("--rows", in: 1...100_000_000) ?? bench.rows
            bench.naiveRows = try options.integer("--naive-rows", in: 1...10_000_000) ?? bench.naiveRows
            bench.ads = try options.integer("--ads", in: 1...1_000_000) ?? bench.ads
            bench.days = try options.integer("--days", in: 1...186) ?? bench.days
            bench.scale = try options.integer("--scale", in: 2...100) ?? bench.scale
            bench.passes = try options.integer("--passes", in: 1...10) ?? bench.passes
            bench.postgres = options.values["--postgres"]
            bench.skipPostgres = options.values["--skip-postgres"] != nil
            if bench.skipPostgres, bench.postgres != nil {
                throw UsageError(message: "--skip-postgres cannot be combined with --postgres", command: name)
            }
            return .bench(bench)
        default:
            throw UsageError(message: "unknown command '\(name)'", command: nil)
        }
    }
}

/// `--name value`, `--name=value` and positionals, checked against what a command accepts.
private struct Options {
    var values: [String: String] = [:]
    var positionals: [String] = []
    var help = false
    let command: String

    init(_ arguments: [String], valued: Set<String>, flags: Set<String>, command: String) throws {
        self.command = command
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { help = true; continue }
            guard argument.hasPrefix("-"), argument != "-" else { positionals.append(argument); continue }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            if flags.contains(name), value == nil {
                values[name] = ""
                continue
            }
            guard valued.contains(name) else {
                throw UsageError(message: "unknown option '\(name)' for \(command)", command: command)
            }
            if value == nil {
                guard index < arguments.count else {
                    throw UsageError(message: "\(name) needs a value", command: command)
                }
                value = arguments[index]
                index += 1
            }
            guard values[name] == nil else {
                throw UsageError(message: "\(name) given twice", command: command)
            }
            values[name] = value
        }
    }

    func noPositionals() throws {
        if let extra = positionals.first {
            throw UsageError(message: "unexpected argument '\(extra)'", command: command)
        }
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", command: command)
        }
        return number
    }

    func unsigned(_ name: String) throws -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let number = UInt64(text) else {
            throw UsageError(message: "\(name) must be a non-negative whole number, not '\(text)'", command: command)
        }
        return number
    }

    func day(_ name: String) throws -> Day? {
        guard let text = values[name] else { return nil }
        guard let day = Day(text) else {
            throw UsageError(message: "\(name) '\(text)' is not a date: use YYYY-MM-DD (a real calendar day)", command: command)
        }
        return day
    }

    func accountList() throws -> [String]? {
        guard let text = values["--accounts"] else { return nil }
        let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }) else {
            throw UsageError(message: "--accounts takes ad account ids separated by commas (digits only), not '\(text)'", command: command)
        }
        return ids
    }
}
