import Foundation
import PinterestModel
import Benchmarks
import Testing
import PinterestCLI
@testable import PinterestETL

@Suite("Command line")
struct ArgumentTests {
    let cli = CommandLineInterface.product

    @Test("commands and their options parse")
    func parses() throws {
        let backfill = try cli.parse(["delivery", "--accounts", "1,2", "--from", "2026-01-01", "--to=2026-03-31", "--sink", "sqlite:x"])
        #expect(backfill.global.sink == "sqlite:x")
        guard let delivery = backfill.command as? DeliveryCommand else { Issue.record("not delivery"); return }
        #expect(delivery.options.accounts == ["1", "2"])
        #expect(delivery.options.window == DayRange(first: Day("2026-01-01")!, last: Day("2026-03-31")!))
        #expect(try cli.parse(["auth", "exchange", "CODE"]).command as? AuthExchangeCommand
                == AuthExchangeCommand(code: "CODE", redirectURI: AuthURLCommand.defaultRedirectURI))
        #expect(try cli.parse(["status"]).command as? StatusCommand == StatusCommand(maxAgeDays: 2))
        #expect(try cli.parse(["meta", "--log-format", "json"]).global.logFormat == .json)
        #expect(try cli.parse(["--version"]).isVersion)
        #expect(try cli.parse(["delivery", "--help"]).helpTopic == "delivery")
        #expect(try cli.parse(["auth", "--help"]).helpTopic == "auth")
    }

    @Test("global options may stand before the command, and mean the same there")
    func globalOptionsFirst() throws {
        let before = try cli.parse(["--config", "/etc/x.json", "--log-level=warning", "delivery", "--lookback-days", "3"])
        let after = try cli.parse(["delivery", "--lookback-days", "3", "--config", "/etc/x.json", "--log-level=warning"])
        #expect(before.global == after.global)
        #expect(before.global.configPath == "/etc/x.json" && before.global.logLevel == .warning)
        #expect(before.command as? DeliveryCommand == after.command as? DeliveryCommand)
        #expect(try cli.parse(["--sink", "sqlite:a", "auth", "check"]).command is AuthCheckCommand)
        #expect(try cli.parse(["--config", "/x", "--help"]).helpTopic == .some(nil))
        #expect(throws: UsageError.self) { try cli.parse(["--sink", "sqlite:a", "meta", "--sink", "sqlite:b"]) }
        #expect(throws: UsageError.self) { try cli.parse(["--lookback-days", "3", "delivery"]) }
    }

    @Test("mistakes are usage errors that name the problem",
          arguments: [
            (["frobnicate"], "unknown command"),
            (["delivery", "--from", "2026-02-30", "--to", "2026-03-01"], "2026-02-30"),
            (["delivery", "--from", "2026-03-02", "--to", "2026-03-01"], "after"),
            (["delivery", "--from", "2026-03-01"], "together"),
            (["delivery", "--lookback-days", "0"], "--lookback-days"),
            (["delivery", "--accounts", "1;DROP"], "--accounts"),
            (["delivery", "--bogus"], "--bogus"),
            (["delivery", "extra"], "extra"),
            (["meta", "--log-format", "xml"], "--log-format"),
            (["auth"], "subcommand"),
            (["auth", "exchange"], "CODE"),
            (["status", "--max-age-days"], "needs a value"),
            (["meta", "--sink", "a", "--sink", "b"], "twice"),
          ])
    func usageErrors(arguments: [String], mention: String) {
        do {
            _ = try cli.parse(arguments)
            Issue.record("\(arguments) parsed")
        } catch let error as UsageError {
            #expect(error.description.contains(mention), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("every command has help that names its options")
    func help() {
        for command in cli.adding([BenchCommand.self]).commands {
            let text = cli.adding([BenchCommand.self]).help(for: command.name)
            #expect(text.contains(command.name.split(separator: " ").first.map(String.init) ?? command.name))
            for option in command.valuedOptions + command.flags { #expect(text.contains(option), "\(command.name) help lacks \(option)") }
            #expect(text.contains("--log-format"))
        }
    }

    @Test("the overview lists every command the line dispatches to, each once")
    func overviewListsEveryCommand() throws {
        let all = cli.adding([BenchCommand.self])
        let overview = all.help(for: nil)
        for command in all.commands {
            #expect(overview.contains("  \(command.name) "), "\(command.name) missing from the overview")
            #expect(try all.parse(command.name.split(separator: " ").map(String.init) + ["--help"]).helpTopic == command.name)
        }
        #expect(Set(all.commands.map { $0.name }).count == all.commands.count)
    }
}

extension CommandLineInterface.Parsed {
    var isVersion: Bool { if case .version = action { true } else { false } }
    var helpTopic: String?? { if case .help(let topic) = action { topic } else { .none } }
}
