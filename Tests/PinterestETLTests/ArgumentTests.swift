import Foundation
import PinterestModel
import Testing
@testable import PinterestETL

@Suite("Command line")
struct ArgumentTests {
    @Test("commands and their options parse")
    func parses() throws {
        let backfill = try ArgumentParser.parse(["delivery", "--accounts", "1,2", "--from", "2026-01-01", "--to=2026-03-31", "--sink", "sqlite:x"])
        #expect(backfill.global.sink == "sqlite:x")
        guard case .delivery(let options) = backfill.command else { Issue.record("not delivery"); return }
        #expect(options.accounts == ["1", "2"])
        #expect(options.window == DayRange(first: Day("2026-01-01")!, last: Day("2026-03-31")!))
        #expect(try ArgumentParser.parse(["auth", "exchange", "CODE"]).command == .authExchange(code: "CODE", redirectURI: ArgumentParser.defaultRedirectURI))
        #expect(try ArgumentParser.parse(["status"]).command == .status(maxAgeDays: 2))
        #expect(try ArgumentParser.parse(["meta", "--log-format", "json"]).global.logFormat == .json)
        #expect(try ArgumentParser.parse(["--version"]).command == .version)
        #expect(try ArgumentParser.parse(["delivery", "--help"]).command == .help(topic: "delivery"))
        #expect(try ArgumentParser.parse(["auth", "--help"]).command == .help(topic: "auth"))
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
            _ = try ArgumentParser.parse(arguments)
            Issue.record("\(arguments) parsed")
        } catch let error as UsageError {
            #expect(error.description.contains(mention), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("every command has help that names its options")
    func help() {
        for (name, spec) in Help.commands {
            let text = Help.text(for: name)
            #expect(text.contains(name.split(separator: " ").first.map(String.init) ?? name))
            for option in spec.valued { #expect(text.contains(option), "\(name) help lacks \(option)") }
            #expect(text.contains("--log-format"))
        }
    }
}
