import PinterestAPI
import PinterestModel
import Warehouse

/// The meta refresh: per account, the account itself and every campaign, ad group and ad of
/// every status, replacing that account's lookup rows in one transaction.
///
/// Everything is fetched first (into a `RowSpool`), then written in one short transaction: the
/// warehouse is never locked while Pinterest is being asked, so a slow listing never blocks a
/// delivery import writing to the same SQLite file.
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
            let client = context.client
            let record = try await client.adAccount(id: account)
            let campaigns = RowSpool<CampaignRecord>(), adGroups = RowSpool<AdGroupRecord>(), ads = RowSpool<AdRecord>()
            try await client.forEachCampaignPage(adAccountId: account) { try campaigns.append(contentsOf: $0) }
            try await client.forEachAdGroupPage(adAccountId: account) { try adGroups.append(contentsOf: $0) }
            try await client.forEachAdPage(adAccountId: account) { try ads.append(contentsOf: $0) }
            run.apiRequests = client.requestCount(account: account)
            let fetched = run
            let counts = try await context.writeGate.withTurn {
                try await warehouse.replaceLookups(
                    account: record, run: fetched,
                    campaigns: { inserter in try campaigns.forEach { try inserter.insert($0) } },
                    adGroups: { inserter in try adGroups.forEach { try inserter.insert($0) } },
                    ads: { inserter in try ads.forEach { try inserter.insert($0) } })
            }
            outcome.rowsDeleted = counts.rowsDeleted
            outcome.rowsWritten = counts.rowsWritten
        } catch {
            await context.recordFailure(run, account: account, error: error, warehouse: warehouse)
            throw error
        }
    }
}
