/// A run's hold on its job. SQLite's covers every account: one file has one writer, so a second
/// run of the job is turned away whole. PostgreSQL's holds nothing on the server: it is the right
/// to claim accounts one at a time, so several workers can share a job and its accounts.
/// Released by `release()`, when deallocated, or when the process dies.
public protocol JobLock: AnyObject, Sendable {
    /// Claims `account` for this run without waiting; nil when another run holds it now.
    func tryClaim(account: String) throws -> (any AccountClaim)?
    func release()
}

/// One run's exclusive hold on one account of one job, until `release()` or deallocation.
/// PostgreSQL drops it with the connection that holds it, so a killed worker's accounts are free
/// again at once (and within about a minute and a half when its machine is lost).
public protocol AccountClaim: AnyObject {
    func release()
}
