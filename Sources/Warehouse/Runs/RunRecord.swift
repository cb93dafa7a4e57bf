import Foundation
import PinterestModel

/// One row of `etl_runs`: one job, one account, one run.
public struct RunRecord: Sendable, Equatable {
    public static let tableName = "etl_runs"

    public var runId: String
    public var job: JobKind
    public var adAccountId: String
    public var window: DayRange?
    public var startedAt: Timestamp
    public var finishedAt: Timestamp?
    public var status: RunStatus
    public var rowsDeleted: Int = 0
    public var rowsWritten: Int = 0
    public var apiRequests: Int = 0
    public var error: String?
    /// What the run asked Pinterest for (JSON text: report level, attribution, breakdowns), so
    /// any number can be traced to the settings that produced it.
    public var settings: String?
    /// The machine the run ran on: with several workers, which one loaded the account.
    public var host: String?

    /// "R on H": which run, on which machine, for messages about another worker's run.
    public var identity: String { "\(runId) on \(host ?? "an unknown host")" }

    /// This machine's name, as runs record it: `gethostname`, which never waits on DNS as
    /// `ProcessInfo.hostName` may.
    public static let thisHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown" : name
    }()

    public init(runId: String, job: JobKind, adAccountId: String, window: DayRange? = nil,
                startedAt: Timestamp = .now(), status: RunStatus = .running, host: String? = RunRecord.thisHost) {
        self.host = host
        self.runId = runId
        self.job = job
        self.adAccountId = adAccountId
        self.window = window
        self.startedAt = startedAt
        self.status = status
    }
}
