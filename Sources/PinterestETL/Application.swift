import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// The program behind `main`: parses the command line, loads the configuration, runs the
/// command, and turns every outcome into an exit code and a message on stderr.
public enum Application {
    public static func main(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(arguments)
        } catch {
            printError("pinterest-etl: \(error)")
            return ExitCode.usage.rawValue
        }
        let logger = Logger(format: parsed.global.logFormat, level: parsed.global.logLevel)
        do {
            return try await run(parsed, environment: environment, logger: logger).rawValue
        } catch {
            let code = exitCode(for: error)
            switch error {
            case is UsageError:
                printError("pinterest-etl: \(error)")
            default:
                logger.error(String(describing: error), ("exit_code", String(code.rawValue)))
            }
            return code.rawValue
        }
    }

    static func run(_ parsed: ParsedArguments, environment: [String: String], logger: Logger) async throws -> ExitCode {
        switch parsed.command {
        case .help(let topic):
            print(Help.text(for: topic))
            return .success
        case .version:
            print("pinterest-etl \(Help.version)")
            return .success
        case .simulator(let options):
            return try await SimulatorCommand.run(options, logger: logger)
        case .demo(let options):
            return try await DemoCommand.run(options, sink: parsed.global.sink, logger: logger)
        case .bench(let options):
            return try await BenchCommand.run(options, logger: logger)
        default:
            break
        }
        let configuration = try ConfigurationLoader(environment: environment)
            .load(explicitPath: parsed.global.configPath, sinkOverride: parsed.global.sink)
        logger.redacting(configuration.secrets)
        return try await run(parsed.command, configuration: configuration, environment: environment, logger: logger)
    }

    /// Runs a command that needs the configuration (the demo calls this with its own).
    static func run(_ command: Command, configuration: Configuration, environment: [String: String],
                    logger: Logger) async throws -> ExitCode {
        switch command {
        case .migrate:
            return try await MigrateCommand.run(configuration: configuration, logger: logger)
        case .status(let maxAgeDays):
            return try StatusCommand.run(configuration: configuration, maxAgeDays: maxAgeDays,
                                         today: today(environment), logger: logger)
        default:
            break
        }
        // Everything below talks to Pinterest: the app credentials must be there first.
        let events = APIEventLog(logger: logger)
        let client = try makeClient(configuration, events: events)
        switch command {
        case .delivery(let options):
            let context = try RunContext(configuration: configuration, job: .delivery, logger: logger, client: client,
                                         events: events, today: today(environment))
            return try await DeliveryJob.run(context: context, options: options)
        case .meta(let accounts):
            let context = try RunContext(configuration: configuration, job: .meta, logger: logger, client: client,
                                         events: events, today: today(environment))
            return try await MetaJob.run(context: context, accounts: accounts)
        case .accounts:
            return try await AccountsCommand.run(client: client)
        case .authURL(let redirectURI, let state):
            print(client.authorizationURL(redirectURI: redirectURI, state: state ?? UUID().uuidString))
            return .success
        case .authExchange(let code, let redirectURI):
            try await client.exchangeAuthorizationCode(code, redirectURI: redirectURI)
            logger.info("authorized: tokens stored", ("token_store", configuration.tokenStore))
            return .success
        case .authCheck:
            try await client.checkAuthorization()
            logger.info("credentials work: the refresh token was accepted and the rotated one stored",
                        ("token_store", configuration.tokenStore))
            return .success
        default:
            return .usage
        }
    }

    static func makeClient(_ configuration: Configuration, events: APIEventLog) throws -> PinterestClient {
        let (clientId, clientSecret) = try configuration.appCredentials()
        let apiConfiguration = PinterestAPIConfiguration(
            baseURL: configuration.apiBaseURL, clientId: clientId, clientSecret: clientSecret,
            tokenStorePath: configuration.tokenStore, bootstrapRefreshToken: configuration.refreshToken,
            attribution: configuration.attribution,
            reportPolling: ReportPolling(timeout: .seconds(configuration.reportTimeoutMinutes * 60)),
            retry: RetryPolicy(maxAttempts: configuration.retryMaxAttempts,
                               maxTotalWait: .seconds(configuration.retryMaxWaitSeconds),
                               requestTimeout: TimeInterval(configuration.requestTimeoutSeconds)),
            reportDownloadTimeout: .seconds(configuration.reportDownloadTimeoutSeconds))
        return PinterestClient(configuration: apiConfiguration, onEvent: { events.handle($0) })
    }

    /// The current UTC day; `PINTEREST_ETL_TODAY=YYYY-MM-DD` replaces it for tests and replays.
    static func today(_ environment: [String: String]) -> Day {
        if let text = environment["PINTEREST_ETL_TODAY"], let day = Day(text) { return day }
        return Day(unixSeconds: Int64(Date().timeIntervalSince1970))
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
