import PinterestModel

/// Warehouse failures the jobs and the CLI act on. Library errors (`SQLiteError`,
/// `PostgresError`) pass through unchanged otherwise.
public enum WarehouseError: Error, CustomStringConvertible, Sendable {
    /// Another run holds the job's lock (exit 75).
    case busy(job: JobKind, holder: String)
    /// The warehouse cannot be reached or opened (exit 69).
    case unavailable(sink: String, reason: String)
    /// The sink URL is not one this program writes to (exit 78).
    case invalidSinkURL(String)
    /// A row that does not belong to the load it was handed to; nothing was committed.
    case rowOutsideLoad(table: String, reason: String)
    /// Two rows of one load share a key (e.g. a report listing an ad-day twice); nothing was committed.
    case duplicateRow(table: String, key: String)
    /// The warehouse was migrated by a newer version of this program.
    case schemaNewerThanProgram(applied: Int, known: Int)
    /// The warehouse lacks migrations this program needs (a read-only command cannot apply them).
    case schemaBehindProgram(applied: Int, known: Int)
    /// A SQLite file opened only to read does not exist (nothing has been imported there).
    case missing(sink: String)
    /// A query returned a value this program cannot read (a table changed by hand?).
    case unexpectedValue(what: String, value: String)
    /// Another run kept `account` claimed past the wait (exit 75); `holder` names it when known.
    case accountHeld(job: JobKind, account: String, holder: String?, waited: Int)
    /// The warehouse cannot hold the tokens (`token_store` = `warehouse`): exit 78.
    case tokenTable(sink: String, problem: String)

    public var description: String {
        switch self {
        case .busy(let job, let holder):
            return "another \(job.rawValue) run holds the lock on \(holder); this run changed nothing. Try again when it has finished."
        case .unavailable(let sink, let reason):
            return "warehouse \(sink) is unavailable: \(reason)"
        case .invalidSinkURL(let url):
            return "sink '\(SinkURL.redacted(url))' is not valid: use sqlite:PATH, postgres://… or postgresql://…"
        case .rowOutsideLoad(let table, let reason):
            return "refused a row for \(table): \(reason); the load was rolled back"
        case .duplicateRow(let table, let key):
            return "refused a duplicate row for \(table): \(key) appears twice in one load; the load was rolled back"
        case .schemaNewerThanProgram(let applied, let known):
            return "the warehouse schema is at migration \(applied) but this program knows only up to \(known): upgrade pinterest-etl"
        case .schemaBehindProgram(let applied, let known):
            return "the warehouse schema is at migration \(applied) but this program needs \(known): run 'pinterest-etl migrate' (or a job) first"
        case .missing(let sink):
            return "warehouse \(sink) does not exist yet: check --sink (or the config's 'sink'), or run 'pinterest-etl migrate' and the jobs"
        case .unexpectedValue(let what, let value):
            return "the warehouse holds \(what) = '\(value)', which this program cannot read; was the table changed by hand?"
        case .accountHeld(let job, let account, let holder, let waited):
            let who = holder.map { "run \($0)" } ?? "another run"
            return "\(who) kept ad account \(account) claimed for the \(job.rawValue) job for \(waited) s; this run left it to that run. Check that run's outcome, or raise lock_wait_minutes."
        case .tokenTable(let sink, let problem):
            return "token_store is \"warehouse\" but \(sink) cannot hold the tokens: \(problem)"
        }
    }
}
