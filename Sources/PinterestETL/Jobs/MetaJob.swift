import PinterestAPI
import PinterestModel
import Warehouse

/// The meta refresh: per account, the account itself and every campaign, ad group and ad of
/// every status, replacing that account's lookup rows in one transaction.
enum MetaJob {
    static func run(context: RunContext, accounts: [String]?) async throws -> ExitCode {
        try await JobRunner(context: context).run(accounts: accounts) { context, account, outcome in
            try await refreshAccount(account, context: context, outcome: &outcome)
        }
    }

    private static func refreshAccount(_ account: String, context: RunContext, outcome: inout AccountOutcome) async throws {
        let warehouse = try context.openWarehouse()
        defer { warehouse.close() }
        var run = RunRecord(runId: context.runId, job: .meta, adAccountId: account)
        try await warehouse.recordRun(run)
        do {
            let record = try await context.client.adAccount(id: account)
            let client = context.client
            // Pages stream straight into the transaction (one page in memory at a time); with
            // SQLite this holds the write lock while the lists are fetched, which the write gate
            // keeps to one account at a time.
            let counts = try await context.writeGate.withTurn {
                try await warehouse.replaceLookups(
                    account: record, run: run,
                    campaigns: { inserter in
                        try await client.forEachCampaignPage(adAccountId: account) { page in
                            try Task.checkCancellation()
                            for campaign in page { try inserter.insert(campaign) }
                        }
                    },
                    adGroups: { inserter in
                        try await client.forEachAdGroupPage(adAccountId: account) { page in
                            try Task.checkCancellation()
                            for adGroup in page { try inserter.insert(adGroup) }
                        }
                    },
                    ads: { inserter in
                        try await client.forEachAdPage(adAccountId: account) { page in
                            try Task.checkCancellation()
                            for ad in page { try inserter.insert(ad) }
                        }
                    })
            }
            outcome.rowsDeleted = counts.rowsDeleted
            outcome.rowsWritten = counts.rowsWritten
            // The list calls happened inside the load; record their count now.
            run.status = .succeeded
            run.finishedAt = .now()
            run.rowsDeleted = counts.rowsDeleted
            run.rowsWritten = counts.rowsWritten
            run.apiRequests = context.client.requestCount(account: account)
            try await warehouse.recordRun(run)
        } catch {
            await context.recordFailure(run, account: account, error: error, warehouse: warehouse)
            throw error
        }
    }
}
