/// A run's hold on its job. SQLite's covers every account: one file has one writer, so a second
/// run of the job is turned away whole. PostgreSQL's holds nothing: several workers share a job,
/// and each claims accounts one at a time (`Warehouse.tryClaim`). Released by `release()`, when
/// deallocated, or when the process dies.
public protocol JobLock: AnyObject, Sendable {
    func release()
}
