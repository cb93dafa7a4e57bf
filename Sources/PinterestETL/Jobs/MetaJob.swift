import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// The meta refresh: per account, the account itself and every campaign, ad group and ad of
/// every status, and the pins those ads promote, replacing that account's lookup rows in one
/// transaction; then, once per run, the names of the breakdowns' targeting codes.
///
/// Everything is fetched first (into a `RowSpool`), then written in one short transaction: the
/// warehouse is never locked while Pinterest is being asked, so a slow listing never blocks a
/// delivery import writing to the same SQLite file.
enum MetaJob {
    static func run(context: RunContext, accounts: [String]?) async throws -> ExitCode {
        try await JobRunner(context: context).run(accounts: accounts, window: nil, work: { context, account, warehouse, outcome in
            try await refreshAccount(account, warehouse: warehouse, context: context, outcome: &outcome)
        }, afterAccounts: { outcomes, warehouse in
            // Names are worth asking for only when Pinterest answered this run at all.
            guard outcomes.contains(where: { $0.succeeded && $0.loadedBy == nil }) else { return }
            // One run at a time replaces the names (a word, never an account id, names the claim).
            do {
                guard try warehouse.tryClaim(job: .meta, account: "targeting-names") else {
                    context.logger.info("another meta run is refreshing the targeting names; left to it")
                    return
                }
            } catch {
                context.logger.warning("could not claim the targeting names for refreshing, left as they are: \(error)")
                return
            }
            defer { warehouse.releaseClaim(job: .meta, account: "targeting-names") }
            await refreshTargetingNames(context: context, warehouse: warehouse)
        })
    }

    private static func refreshAccount(_ account: String, warehouse: Warehouse, context: RunContext,
                                       outcome: inout AccountOutcome) async throws {
        var run = RunRecord(runId: context.runId, job: .meta, adAccountId: account)
        try await warehouse.recordRun(run)
        do {
            let client = context.client
            let record = try await client.adAccount(id: account)
            let campaigns = RowSpool<CampaignRecord>(), adGroups = RowSpool<AdGroupRecord>(), ads = RowSpool<AdRecord>()
            try await client.forEachCampaignPage(adAccountId: account) { try campaigns.append(contentsOf: $0) }
            try await client.forEachAdGroupPage(adAccountId: account) { try adGroups.append(contentsOf: $0) }
            var promoted = Set<String>()
            try await client.forEachAdPage(adAccountId: account) { page in
                try ads.append(contentsOf: page)
                promoted.formUnion(page.compactMap(\.pinId))
            }
            let pins = try await fetchPins(promoted, account: account, context: context)
            run.apiRequests = client.requestCount(account: account)
            let fetched = run
            let counts = try await context.writeGate.withTurn {
                try await warehouse.replaceLookups(
                    account: record, run: fetched,
                    campaigns: { inserter in try campaigns.forEach { try inserter.insert($0) } },
                    adGroups: { inserter in try adGroups.forEach { try inserter.insert($0) } },
                    ads: { inserter in try ads.forEach { try inserter.insert($0) } },
                    pins: pins.map { pins in { inserter in try pins.forEach { try inserter.insert($0) } } })
            }
            outcome.rowsDeleted = counts.rowsDeleted
            outcome.rowsWritten = counts.rowsWritten
        } catch {
            await context.recordFailure(run, account: account, error: error, warehouse: warehouse)
            throw error
        }
    }

    /// The pins the account's ads promote: the listing, then one lookup for each the listing left
    /// out. Nil when the token lacks the pins scopes (403): the account's creatives then stay as
    /// they were, with one warning, and the rest of the refresh goes on.
    private static func fetchPins(_ promoted: Set<String>, account: String, context: RunContext) async throws -> RowSpool<PinRecord>? {
        let spool = RowSpool<PinRecord>()
        var found = Set<String>()
        do {
            try await context.client.forEachPinPage(adAccountId: account) { page in
                let wanted = page.filter { promoted.contains($0.id) && !found.contains($0.id) }
                found.formUnion(wanted.map(\.id))
                try spool.append(contentsOf: wanted)
            }
            for id in promoted.subtracting(found).sorted() {
                do {
                    try spool.append(contentsOf: [try await context.client.pin(id: id, adAccountId: account)])
                } catch let error as PinterestAPIError {
                    // A deleted pin answers 404, one on a board the user may not see 403: its ad
                    // keeps its pin_id, there is just no creative for it.
                    guard case .http(_, _, _, let status, _, _) = error, status == 404 || status == 403 else { throw error }
                    context.logger.warning("pin \(id) of an ad could not be read (HTTP \(status)); it has no row in pinterest_meta_pin",
                                           ("account", account))
                }
            }
            return spool
        } catch let error as PinterestAPIError where Self.lacksPinScopes(error) {
            context.logger.warning("""
                the token may not read pins (Pinterest answered 403): pinterest_meta_pin keeps its rows for this account. \
                Authorize again with the scopes \(PinterestClient.pinScopes.joined(separator: ", ")) (pinterest-etl auth url)
                """, ("account", account))
            return nil
        }
    }

    /// Pinterest's answer to a token without `pins:read`/`boards:read`: 403, or 401 with code 3
    /// ("insufficient permissions").
    static func lacksPinScopes(_ error: PinterestAPIError) -> Bool {
        guard case .http(_, _, _, let status, let code, _) = error else { return false }
        return status == 403 || (status == 401 && code == 3)
    }

    /// The names of the breakdowns' codes: from Pinterest for the types it names, from the ISO
    /// country list for COUNTRY. A type that cannot be named now keeps its old names (the view
    /// then shows the code); the run's outcome does not depend on it.
    private static func refreshTargetingNames(context: RunContext, warehouse: Warehouse) async {
        let breakdowns = context.configuration.breakdowns
        var types: [String] = []
        var names: [TargetingName] = []
        for type in breakdowns where TargetingTypes.named.contains(type) {
            do {
                names += try await context.client.targetingNames(type: type)
                types.append(type)
            } catch {
                context.logger.warning("could not fetch the names of \(type) codes: \(error)")
            }
        }
        if breakdowns.contains("COUNTRY") {
            names += CountryNames.all
            types.append("COUNTRY")
        }
        guard !types.isEmpty else { return }
        var seen = Set<String>()
        names = names.filter { seen.insert($0.targetingType + "\u{0}" + $0.code).inserted }
        do {
            let written = try await context.writeGate.withTurn { try await warehouse.replaceTargetingNames(types: types, names: names) }
            context.logger.info("targeting names refreshed", ("types", types.joined(separator: ",")), ("rows_written", String(written)))
        } catch {
            context.logger.warning("could not store the targeting names: \(error)")
        }
    }
}
