import Foundation
import Benchmarks
import PinterestCLI
import PinterestETL
import ProcessSupport
import TestSupport
import Testing

/// `pinterest-etl bench` at toy sizes: it runs to the end and prints every table. Not a timing
/// test: the figures themselves are not checked.
@Suite("Benchmark command")
struct BenchCommandTests {
    @Test("bench runs at tiny sizes and prints its tables")
    func tinyBench() async throws {
        var arguments = [ETLHarness.binary, "bench", "--rows", "2000", "--naive-rows", "200", "--ads", "50", "--days", "3",
                         "--scale", "2", "--passes", "1"]
        // The suite's PostgreSQL server when there is one (the bench then works in a schema of
        // its own on it); otherwise PostgreSQL is skipped.
        if PostgresTestServer.shouldRun {
            arguments += ["--postgres", try PostgresTestServer.server().createDatabase()]
        } else {
            arguments.append("--skip-postgres")
        }
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        let result = try await Subprocess.run(arguments, environment: environment, timeout: .seconds(240))
        #expect(result.status == 0, "\(result.stderr)")
        for heading in ["Load throughput", "End to end", "API calls", "Targets", "SQLite sink / plain loop",
                        "peak RSS", "meta: ads list calls"] {
            #expect(result.stdout.contains(heading), "missing \(heading)")
        }
        if arguments.contains("--postgres") {
            #expect(result.stdout.contains("PostgreSQL sink / psql \\copy"))
        }
        #expect(!result.stdout.contains("sim-client-secret") && !result.stderr.contains("sim-client-secret"))
    }

    @Test("bench --help and bad sizes")
    func usage() async throws {
        let help = try await Subprocess.run([ETLHarness.binary, "bench", "--help"], timeout: .seconds(30))
        #expect(help.status == 0 && help.stdout.contains("Usage: pinterest-etl bench"))
        let bad = try await Subprocess.run([ETLHarness.binary, "bench", "--rows", "0"], timeout: .seconds(30))
        #expect(bad.status == 64)
    }
}

@Suite("Benchmark options")
struct BenchOptionTests {
    @Test("sizes, passes and the PostgreSQL choice parse; contradictions are usage errors")
    func options() throws {
        let cli = CommandLineInterface.product.adding([BenchCommand.self])
        let parsed = try cli.parse(["bench", "--rows", "5000", "--ads", "7", "--passes", "1", "--skip-postgres"])
        let options = try #require(parsed.command as? BenchCommand)
        #expect(options.rows == 5000 && options.ads == 7 && options.passes == 1 && options.skipPostgres)
        #expect(options.days == 30 && options.scale == 10 && options.postgres == nil)
        #expect(throws: UsageError.self) { try cli.parse(["bench", "--skip-postgres", "--postgres", "postgres://x"]) }
        #expect(throws: UsageError.self) { try cli.parse(["bench", "--days", "400"]) }
    }
}
