import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// The frame both jobs share: take the job's lock, apply migrations, resolve the accounts, claim
/// and run them in parallel, record and log each account's outcome, and choose the exit code.
///
/// On SQLite the job lock covers every account: a second run is turned away whole (75). On
/// PostgreSQL several runs (one per machine, say) share the job: each claims the accounts it
/// can, skips those another run holds, and afterwards waits for those to see them through,
/// loading any that the other run left undone. An account another run completed for the same
/// window after this run started is not loaded twice.
struct JobRunner {
    let context: RunContext

    /// The work of one claimed account: `warehouse` is the account's own connection.
    typealias Work = @Sendable (RunContext, String, Warehouse, inout AccountOutcome) async throws -> Void

    /// `window` is what the job loads for every account (nil for `meta`): a run of the same job
    /// that completed an account for it after this run started has done this run's work.
    /// `afterAccounts` runs once, still under the job's lock, when every account has ended.
    func run(accounts explicit: [String]?, window: DayRange?, work: @escaping Work,
             afterAccounts: ([AccountOutcome], Warehouse) async -> Void = { _, _ in }) async throws -> ExitCode {
        let logger = context.logger
        let configuration = context.configuration
        // The token store first: a store that cannot be written (78) or holds no refresh token
        // (77) stops the run before it migrates, locks or records anything. The warehouse's
        // token table is checked once the migrations that create it are applied.
        if !configuration.usesWarehouseTokenStore { try await context.client.checkTokenStore() }
        let control = try context.openWarehouse()
        defer { control.close() }
        let lock = try control.tryLock(job: context.job)
        defer { lock.release() }
        let applied = try await control.migrate()
        if !applied.isEmpty { logger.info("applied migrations \(applied.map(\.name).joined(separator: ", "))") }
        if configuration.usesWarehouseTokenStore { try await context.client.checkTokenStore() }
        if !control.claimsAccounts {
            // The job's lock covers every account: close the records of any earlier run of the
            // job that died, not only of the accounts this run loads.
            try await Self.closeInterrupted(account: nil, warehouse: control, context: context)
        }

        let accounts = try await resolveAccounts(explicit)
        logger.info("\(context.job.rawValue) run started", ("accounts", String(accounts.count)),
                    ("sink", configuration.sink.redacted), ("host", RunRecord.thisHost))
        let context = self.context
        let limit = configuration.maxParallelAccounts
        // First round: every account this run can claim now. Second round: the ones other runs
        // held, once they let go (or until lock_wait_minutes has passed).
        let first = await AccountPool.forEach(accounts, limit: limit) { account in
            await Self.attempt(account, window: window, waitUntil: nil, context: context, work: work)
        }
        let held = first.compactMap { if case .held(let account) = $0 { account } else { nil } }
        if !held.isEmpty {
            logger.info("\(held.count) account(s) are being loaded by other runs; waiting for them to finish",
                        ("lock_wait_minutes", String(configuration.lockWaitMinutes)))
        }
        // One deadline for all of them, however many wait their turn for a slot.
        let deadline = ContinuousClock.now + .seconds(configuration.lockWaitMinutes * 60)
        let second = await AccountPool.forEach(held, limit: limit) { account in
            await Self.attempt(account, window: window, waitUntil: deadline, context: context, work: work)
        }
        var waited = second.makeIterator()
        let outcomes = first.compactMap { attempt -> AccountOutcome? in
            if case .ended(let outcome) = attempt { return outcome }
            if case .ended(let outcome)? = waited.next() { return outcome }
            return nil
        }

        await afterAccounts(outcomes, control)
        let code = ExitCode(for: outcomes)
        let failed = outcomes.filter { !$0.succeeded }.count
        let byOthers = outcomes.filter { $0.loadedBy != nil }.count
        logger.log(failed == 0 ? .info : .error, "\(context.job.rawValue) run finished: \(outcomes.count - failed) of \(outcomes.count) accounts succeeded",
                   [("exit_code", String(code.rawValue)), ("loaded_by_other_runs", String(byOthers)),
                    ("api_requests", String(context.client.totalRequests))])
        return code
    }

    private enum Attempt: Sendable {
        case ended(AccountOutcome)
        /// Another run held the account in the first round; it is looked at again afterwards.
        case held(String)
    }

    /// Claims `account` (waiting until `deadline` for another run to let go; nil: not at all),
    /// then loads it unless another run completed it for `window` after this run started.
    private static func attempt(_ account: String, window: DayRange?, waitUntil deadline: ContinuousClock.Instant?,
                                context: RunContext, work: Work) async -> Attempt {
        // The account's synchronous warehouse calls block its own thread, never the pool's.
        let executor = DedicatedThreadExecutor(name: "pinterest-etl \(context.job.rawValue) \(account)")
        defer { executor.shutdown() }
        return await withTaskExecutorPreference(executor) {
            await attemptOnOwnThread(account, window: window, waitUntil: deadline, context: context, work: work)
        }
    }

    private static func attemptOnOwnThread(_ account: String, window: DayRange?, waitUntil deadline: ContinuousClock.Instant?,
                                           context: RunContext, work: Work) async -> Attempt {
        let logger = context.logger.with(("account", account))
        let started = ContinuousClock.now
        var outcome = AccountOutcome(account: account)
        do {
            // The claim lives on the connection that loads the account: if that session dies, its
            // transaction dies with it, and no other run can take the account while it is alive.
            let warehouse = try context.openWarehouse()
            defer { warehouse.close() }
            guard try await claim(account, on: warehouse, job: context.job, until: deadline) else {
                guard deadline != nil else { return .held(account) }
                let holder = (try? warehouse.runningRun(job: context.job, account: account))??.identity
                throw WarehouseError.accountHeld(job: context.job, account: account, holder: holder,
                                                 waited: Int((ContinuousClock.now - started).seconds))
            }
            defer { warehouse.releaseClaim(job: context.job, account: account) }
            // Holding the claim, no live run can be loading the account: a run still recorded
            // as running died (SIGKILL, a lost machine) and its transaction was rolled back.
            if warehouse.claimsAccounts { try await closeInterrupted(account: account, warehouse: warehouse, context: context) }
            if let done = try warehouse.completedRun(job: context.job, account: account, window: window, finishedSince: context.startedAt) {
                outcome.loadedBy = "run \(done.identity)"
            } else {
                try await work(context, account, warehouse, &outcome)
            }
        } catch {
            let held = if case WarehouseError.accountHeld = error { true } else { false }
            outcome.failure = AccountOutcome.Failure(message: String(describing: error), exitCode: ExitCode(for: error),
                                                     heldByAnotherRun: held)
        }
        outcome.apiRequests = context.client.requestCount(account: account)
        outcome.seconds = (ContinuousClock.now - started).seconds
        log(outcome, retries: context.events.retryCount(account: account), logger: logger)
        return .ended(outcome)
    }

    /// The account's claim on `warehouse`, trying again every 2 s while another run holds it,
    /// until `deadline` (nil: one try).
    private static func claim(_ account: String, on warehouse: Warehouse, job: JobKind,
                              until deadline: ContinuousClock.Instant?) async throws -> Bool {
        if try warehouse.tryClaim(job: job, account: account) { return true }
        guard let deadline else { return false }
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: min(.seconds(2), deadline - ContinuousClock.now))
            if try warehouse.tryClaim(job: job, account: account) { return true }
        }
        return false
    }

    private static func closeInterrupted(account: String?, warehouse: Warehouse, context: RunContext) async throws {
        let interrupted = try await warehouse.closeInterruptedRuns(job: context.job, account: account)
        if interrupted > 0 {
            context.logger.log(.warning, "marked \(interrupted) run record(s) of an earlier, interrupted \(context.job.rawValue) run as failed",
                               account.map { [("account", $0)] } ?? [])
        }
    }

    /// The account's one summary line.
    private static func log(_ outcome: AccountOutcome, retries: Int, logger: Logger) {
        let summary: [(String, String)] = [
            ("rows_deleted", String(outcome.rowsDeleted)), ("rows_written", String(outcome.rowsWritten)),
            ("api_requests", String(outcome.apiRequests)), ("retries", String(retries)),
            ("seconds", String(format: "%.1f", outcome.seconds)),
        ]
        if let failure = outcome.failure {
            logger.log(.error, "account failed: \(failure.message)", summary + [("exit_code", String(failure.exitCode.rawValue))])
        } else if let loadedBy = outcome.loadedBy {
            logger.log(.info, "account already loaded by \(loadedBy) after this run started; left as it is", summary)
        } else {
            logger.log(.info, "account succeeded", summary)
        }
    }

    /// `--accounts`, else the configured ids, else every account the token can read.
    private func resolveAccounts(_ explicit: [String]?) async throws -> [String] {
        if let explicit, !explicit.isEmpty { return Self.unique(explicit) }
        if !context.configuration.adAccountIds.isEmpty { return Self.unique(context.configuration.adAccountIds) }
        let all = try await context.client.adAccounts().map(\.id)
        if all.isEmpty { context.logger.warning("the credentials can read no ad accounts; nothing to do") }
        return Self.unique(all)
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
