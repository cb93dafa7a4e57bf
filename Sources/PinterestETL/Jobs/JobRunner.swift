import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// The frame both jobs share: take the job's lock, apply migrations, resolve the accounts, run
/// them in parallel, record and log each account's outcome, and choose the exit code.
struct JobRunner {
    let context: RunContext

    /// `work` loads one account and returns its outcome; thrown errors become failures.
    /// `afterAccounts` runs once, still under the job's lock, when every account has ended.
    func run(accounts explicit: [String]?,
             work: @escaping @Sendable (RunContext, String, inout AccountOutcome) async throws -> Void,
             afterAccounts: ([AccountOutcome], Warehouse) async -> Void = { _, _ in }) async throws -> ExitCode {
        let logger = context.logger
        // The token store first: a store that cannot be written (78) or holds no refresh token
        // (77) stops the run before it migrates, locks or records anything.
        try await context.client.checkTokenStore()
        let control = try context.openWarehouse()
        defer { control.close() }
        let lock = try control.tryLock(job: context.job)
        defer { lock.release() }
        let applied = try await control.migrate()
        if !applied.isEmpty { logger.info("applied migrations \(applied.map(\.name).joined(separator: ", "))") }
        let interrupted = try await control.closeInterruptedRuns(job: context.job)
        if interrupted > 0 {
            logger.warning("marked \(interrupted) run record(s) of an earlier, interrupted \(context.job.rawValue) run as failed")
        }

        let accounts = try await resolveAccounts(explicit)
        logger.info("\(context.job.rawValue) run started", ("accounts", accounts.joined(separator: ",")),
                    ("sink", context.configuration.sink.redacted))
        let context = self.context
        let outcomes = await AccountPool.forEach(accounts, limit: context.configuration.maxParallelAccounts) { account in
            await Self.runAccount(account, context: context, work: work)
        }
        await afterAccounts(outcomes, control)
        let code = ExitCode(for: outcomes)
        let failed = outcomes.filter { !$0.succeeded }.count
        logger.log(failed == 0 ? .info : .error, "\(context.job.rawValue) run finished: \(outcomes.count - failed) of \(outcomes.count) accounts succeeded",
                   [("exit_code", String(code.rawValue)), ("api_requests", String(context.client.totalRequests))])
        return code
    }

    private static func runAccount(
        _ account: String, context: RunContext,
        work: @Sendable (RunContext, String, inout AccountOutcome) async throws -> Void
    ) async -> AccountOutcome {
        let logger = context.logger.with(("account", account))
        let started = ContinuousClock.now
        var outcome = AccountOutcome(account: account)
        do {
            try await work(context, account, &outcome)
        } catch {
            let code = ExitCode(for: error)
            outcome.failure = AccountOutcome.Failure(message: String(describing: error), exitCode: code)
        }
        outcome.apiRequests = context.client.requestCount(account: account)
        outcome.seconds = (ContinuousClock.now - started).seconds
        let retries = context.events.retryCount(account: account)
        let summary: [(String, String)] = [
            ("rows_deleted", String(outcome.rowsDeleted)), ("rows_written", String(outcome.rowsWritten)),
            ("api_requests", String(outcome.apiRequests)), ("retries", String(retries)),
            ("seconds", String(format: "%.1f", outcome.seconds)),
        ]
        if let failure = outcome.failure {
            logger.log(.error, "account failed: \(failure.message)", summary + [("exit_code", String(failure.exitCode.rawValue))])
        } else {
            logger.log(.info, "account succeeded", summary)
        }
        return outcome
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

