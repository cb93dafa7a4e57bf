import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// The two jobs, as a command starts them: each builds its run (client, context, lock) from the
/// configuration and returns the run's exit code.
public enum Job: Sendable, Equatable {
    case delivery(DeliveryOptions)
    case meta(accounts: [String]?)

    public var kind: JobKind {
        switch self {
        case .delivery: .delivery
        case .meta: .meta
        }
    }

    public func run(configuration: Configuration, environment: [String: String], logger: Logger) async throws -> ExitCode {
        let events = APIEventLog(logger: logger)
        let client = try configuration.makeClient(events: events)
        let context = RunContext(configuration: configuration, job: kind, logger: logger, client: client,
                                 events: events, today: Day.today(environment: environment))
        switch self {
        case .delivery(let options): return try await DeliveryJob.run(context: context, options: options)
        case .meta(let accounts): return try await MetaJob.run(context: context, accounts: accounts)
        }
    }
}

extension Day {
    /// The current UTC day; `PINTEREST_ETL_TODAY=YYYY-MM-DD` replaces it for tests and replays.
    public static func today(environment: [String: String]) -> Day {
        if let text = environment["PINTEREST_ETL_TODAY"], let day = Day(text) { return day }
        return Day(unixSeconds: Int64(Date().timeIntervalSince1970))
    }
}
