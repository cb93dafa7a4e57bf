import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// The delivery import: per account and window chunk, one `PIN_PROMOTION`/`DAY` report and,
/// with breakdowns, one `PIN_PROMOTION_TARGETING` report per five types, streamed into one
/// window-replace transaction of both tables. Rows outside the window are never touched.
enum DeliveryJob {
    /// The window to import: the explicit one, else the last `lookbackDays` complete UTC days
    /// ending yesterday.
    static func window(options: DeliveryOptions, configuration: Configuration, today: Day) -> DayRange {
        if let window = options.window { return window }
        let days = options.lookbackDays ?? configuration.lookbackDays
        let yesterday = today.adding(days: -1)
        return DayRange(first: yesterday.adding(days: -(days - 1)), last: yesterday)!
    }

    static func run(context: RunContext, options: DeliveryOptions) async throws -> ExitCode {
        let window = window(options: options, configuration: context.configuration, today: context.today)
        guard window.last < context.today else {
            throw UsageError(message: "--to \(window.last) is not a complete day yet (today is \(context.today) UTC)", command: "delivery")
        }
        context.logger.info("importing delivery for \(window)", ("days", String(window.dayCount)))
        return try await JobRunner(context: context).run(accounts: options.accounts, window: window) { context, account, warehouse, outcome in
            try await importAccount(account, window: window, warehouse: warehouse, context: context, outcome: &outcome)
        }
    }

    /// Chunks commit one by one, so a failure keeps what was done; the run row tracks the total.
    private static func importAccount(_ account: String, window: DayRange, warehouse: Warehouse, context: RunContext,
                                      outcome: inout AccountOutcome) async throws {
        let logger = context.logger.with(("account", account))
        var run = RunRecord(runId: context.runId, job: .delivery, adAccountId: account, window: window)
        run.settings = RunSettings(configuration: context.configuration).json
        try await warehouse.recordRun(run)
        let chunks = window.chunks(ofAtMost: ReportLimits.maxDays)
        do {
            for (index, chunk) in chunks.enumerated() {
                let isLast = index == chunks.count - 1
                let counts: LoadCounts
                do {
                    counts = try await loadChunk(chunk, account: account, isLast: isLast, run: &run, warehouse: warehouse, context: context)
                } catch let error as PinterestAPIError {
                    // A damaged download (cut short, not JSON) rolled back cleanly; one fresh
                    // report usually fixes it. Anything else, or a second failure, fails the account.
                    guard case .reportFile = error else { throw error }
                    logger.warning("report file unusable, requesting it again: \(error)")
                    counts = try await loadChunk(chunk, account: account, isLast: isLast, run: &run, warehouse: warehouse, context: context)
                }
                run.rowsDeleted += counts.rowsDeleted
                run.rowsWritten += counts.rowsWritten
                outcome.rowsDeleted = run.rowsDeleted
                outcome.rowsWritten = run.rowsWritten
                outcome.committedWindows.append(chunk)
                logger.debug("replaced \(chunk)", ("rows_deleted", String(counts.rowsDeleted)),
                            ("rows_written", String(counts.rowsWritten)))
            }
        } catch {
            await context.recordFailure(run, account: account, error: error, warehouse: warehouse)
            throw error
        }
    }

    /// The reports for `chunk` (delivery, and one breakdown report per five breakdown types),
    /// requested side by side outside any transaction, then streamed into one window replace of
    /// both tables, and a failed report leaves both tables as they were. When
    /// `parsesWhileDownloading`, the load starts once every report is ready and its body has
    /// begun to arrive, and parses the files as they download (the transaction then lasts the
    /// rest of the download); else it starts once the files are complete.
    private static func loadChunk(_ chunk: DayRange, account: String, isLast: Bool, run: inout RunRecord,
                                  warehouse: Warehouse, context: RunContext) async throws -> LoadCounts {
        let client = context.client
        let breakdowns = context.configuration.breakdowns
        let groups = stride(from: 0, to: breakdowns.count, by: TargetingTypes.maxPerReport).map {
            Array(breakdowns[$0..<min($0 + TargetingTypes.maxPerReport, breakdowns.count)])
        }
        // All reports in one group: the first to fail cancels the others (no waiting out a
        // breakdown report's poll timeout when the delivery report already failed).
        let kinds = [ReportKind.delivery] + groups.map { ReportKind.targeting($0) }
        let files = try await withThrowingTaskGroup(of: (Int, DeliveryReportFile).self) { group in
            for (index, kind) in kinds.enumerated() {
                let streaming = context.parsesWhileDownloading
                group.addTask { (index, try await client.downloadReport(kind, adAccountId: account, window: chunk, streaming: streaming)) }
            }
            var files: [(Int, DeliveryReportFile)] = []
            for try await file in group { files.append(file) }
            return files.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let report = files[0]
        let breakdownReports = Array(files.dropFirst())
        defer {
            report.remove()
            breakdownReports.forEach { $0.remove() }
        }
        run.apiRequests = client.requestCount(account: account)
        let progress = run
        // (The inserters stop a load that SIGTERM cancelled, and it rolls back.)
        let targeting: ((RowInserter<TargetingRow>) async throws -> Void)? = groups.isEmpty ? nil : { inserter in
            for file in breakdownReports { try file.forEachTargetingRowParsedAhead(inserter.insert) }
        }
        // The files may still be downloading: a cancelled run (SIGTERM) stops them, so a parser
        // waiting for more bytes gives up at once and the load rolls back.
        return try await withTaskCancellationHandler {
            try await context.writeGate.withTurn {
                try await warehouse.replaceDeliveryWindow(account: account, window: chunk, run: progress, completesRun: isLast,
                                                          rows: { inserter in try report.forEachRowParsedAhead(inserter.insert) },
                                                          targeting: targeting)
            }
        } onCancel: {
            files.forEach { $0.stopDownload() }
        }
    }
}
