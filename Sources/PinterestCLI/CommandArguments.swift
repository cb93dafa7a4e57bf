import Foundation
import PinterestETL
import PinterestModel

/// A command's arguments: `--name value`, `--name=value`, flags and positionals, checked against
/// what the command accepts. The typed accessors turn a bad value into a `UsageError` naming it.
public struct CommandArguments: Sendable {
    public private(set) var values: [String: String] = [:]
    public private(set) var positionals: [String] = []
    public private(set) var help = false
    /// The command these belong to (nil before the command's name), for messages.
    public let command: String?
    /// Arguments after the first positional, when parsing stopped there.
    private(set) var rest: [String] = []

    /// - Parameter stopAtPositional: stop at the first positional (the options before a
    ///   command's name), leaving it and what follows in `rest`.
    init(_ arguments: [String], valued: Set<String>, flags: Set<String>, command: String?,
         stopAtPositional: Bool = false) throws {
        self.command = command
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { help = true; continue }
            guard argument.hasPrefix("-"), argument != "-" else {
                if stopAtPositional {
                    rest = Array(arguments[(index - 1)...])
                    return
                }
                positionals.append(argument)
                continue
            }
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
                throw UsageError(message: "unknown option '\(name)'\(command.map { " for \($0)" } ?? "")", command: command)
            }
            if value == nil {
                guard index < arguments.count else {
                    throw UsageError(message: "\(name) needs a value", command: command)
                }
                value = arguments[index]
                index += 1
            }
            try set(name, value!)
        }
    }

    /// Adds options given before the command's name; one given on both sides is a mistake.
    mutating func merge(_ earlier: CommandArguments) throws {
        for (name, value) in earlier.values { try set(name, value) }
    }

    private mutating func set(_ name: String, _ value: String) throws {
        guard values[name] == nil else {
            throw UsageError(message: "\(name) given twice", command: command)
        }
        values[name] = value
    }

    public func flag(_ name: String) -> Bool { values[name] != nil }

    public func noPositionals() throws {
        if let extra = positionals.first {
            throw UsageError(message: "unexpected argument '\(extra)'", command: command)
        }
    }

    public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", command: command)
        }
        return number
    }

    public func unsigned(_ name: String) throws -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let number = UInt64(text) else {
            throw UsageError(message: "\(name) must be a non-negative whole number, not '\(text)'", command: command)
        }
        return number
    }

    public func day(_ name: String) throws -> Day? {
        guard let text = values[name] else { return nil }
        guard let day = Day(text) else {
            throw UsageError(message: "\(name) '\(text)' is not a date: use YYYY-MM-DD (a real calendar day)", command: command)
        }
        return day
    }

    public func accountList() throws -> [String]? {
        guard let text = values["--accounts"] else { return nil }
        let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }) else {
            throw UsageError(message: "--accounts takes ad account ids separated by commas (digits only), not '\(text)'", command: command)
        }
        return ids
    }
}
