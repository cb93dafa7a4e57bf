/// How a run of one job for one account stands in `etl_runs`.
public enum RunStatus: String, Sendable {
    case running
    case succeeded
    case failed
}
