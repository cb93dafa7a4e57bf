/// The process exit codes (listed in the README and `--help`), which systemd units and monitors act on.
public enum ExitCode: Int32, Sendable {
    /// Every account succeeded.
    case success = 0
    /// At least one account failed; the others are committed.
    case accountFailed = 1
    /// Bad command line.
    case usage = 64
    /// Pinterest or the warehouse unreachable after retries.
    case unavailable = 69
    /// Another run holds the lock, or the rate limit outlasted the retry budget.
    case tempFail = 75
    /// Credentials rejected: run `pinterest-etl auth` again.
    case noPermission = 77
    /// Bad configuration.
    case config = 78
    /// Stopped by SIGTERM or SIGINT; open transactions were rolled back.
    case interrupted = 130
}
