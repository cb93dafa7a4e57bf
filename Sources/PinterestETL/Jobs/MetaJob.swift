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
            // The lists do not depend on one another: asked at once, the refresh takes as long as
            // the longest of them (on Pinterest, each page is a round trip), not their sum.
            async let record = client.adAccount(id: account)
            async let campaigns = spooled { try await client.forEachCampaignPage(adAccountId: account, $0) }
            async let adGroups = spooled { try await client.forEachAdGroupPage(adAccountId: account, $0) }
            async let ads = listAds(account: account, client: client)
            async let listedPins = listPins(account: account, context: context)
            let (accountRecord, campaignRows, adGroupRows, (adRows, promoted)) = try await (record, campaigns, adGroups, ads)
            // Warned only now: were the account refused, its pins would be too, for that reason.
            var pins = try await listedPins
            if let listed = pins {
                if try await !lookUpMissingPins(into: listed, promoted: promoted, account: account, context: context) { pins = nil }
            } else {
                warnLackingPinScopes(account: account, context: context)
            }
            run.apiRequests = client.requestCount(account: account)
            let fetched = run
            let counts = try await context.writeGate.withTurn {
                try await warehouse.replaceLookups(
                    account: accountRecord, run: fetched,
                    campaigns: { inserter in try campaignRows.forEach { try inserter.insert($0) } },
                    adGroups: { inserter in try adGroupRows.forEach { try inserter.insert($0) } },
                    ads: { inserter in try adRows.forEach { try inserter.insert($0) } },
                    pins: pins.map { pins in { inserter in try pins.forEach(promoted: promoted) { try inserter.insert($0) } } })
            }
            outcome.rowsDeleted = counts.rowsDeleted
            outcome.rowsWritten = counts.rowsWritten
        } catch {
            await context.recordFailure(run, account: account, error: error, warehouse: warehouse)
            throw error
        }
    }

    /// Every row of one listing, in a spool of its own.
    private static func spooled<Row: Codable>(
        _ list: (_ page: ([Row]) async throws -> Void) async throws -> Void
    ) async throws -> sending RowSpool<Row> {
        let spool = RowSpool<Row>()
        try await list { try spool.append(contentsOf: $0) }
        return spool
    }

    /// The account's ads, and the pins they promote.
    private static func listAds(account: String, client: PinterestClient) async throws -> sending (RowSpool<AdRecord>, Set<String>) {
        var promoted = Set<String>()
        let ads = try await spooled { append in
            try await client.forEachAdPage(adAccountId: account) { page in
                promoted.formUnion(page.compactMap(\.pinId))
                try await append(page)
            }
        }
        return (ads, promoted)
    }

    /// The owner's promoted pins, as listed while the ads are: which of them the account's ads
    /// promote is known only afterwards (`PinRows.forEach(promoted:)`). Nil when the token lacks
    /// the pins scopes (403): the account's creatives then stay as they were, with one warning
    /// (the caller's), and the rest of the refresh goes on.
    private static func listPins(account: String, context: RunContext) async throws -> sending PinRows? {
        let pins = PinRows()
        do {
            try await context.client.forEachPinPage(adAccountId: account) { page in
                try pins.listed.append(contentsOf: page)
                pins.listedIds.formUnion(page.map(\.id))
            }
            return pins
        } catch let error as PinterestAPIError where Self.lacksPinScopes(error) {
            return nil
        }
    }

    /// Adds one lookup for each promoted pin the listing left out, a few at a time. False when
    /// the token turns out to lack the pins scopes (warned).
    private static func lookUpMissingPins(into pins: PinRows, promoted: Set<String>, account: String,
                                          context: RunContext) async throws -> Bool {
        let missing = promoted.subtracting(pins.listedIds).sorted()
        guard !missing.isEmpty else { return true }
        let client = context.client
        do {
            let found = try await withThrowingTaskGroup(of: PinRecord?.self) { group in
                var found: [PinRecord] = []
                var next = missing.makeIterator()
                func lookUp(_ id: String) {
                    group.addTask {
                        do {
                            return try await client.pin(id: id, adAccountId: account)
                        } catch let error as PinterestAPIError {
                            // A deleted pin answers 404, one on a board the user may not see 403:
                            // its ad keeps its pin_id, there is just no creative for it.
                            guard case .http(_, _, _, let status, _, _) = error, status == 404 || status == 403 else { throw error }
                            context.logger.warning("pin \(id) of an ad could not be read (HTTP \(status)); it has no row in pinterest_meta_pin",
                                                   ("account", account))
                            return nil
                        }
                    }
                }
                for _ in 0..<Self.concurrentPinLookups { if let id = next.next() { lookUp(id) } }
                while let pin = try await group.next() {
                    if let pin { found.append(pin) }
                    if let id = next.next() { lookUp(id) }
                }
                return found.sorted { $0.id < $1.id }
            }
            pins.lookedUp = found
            return true
        } catch let error as PinterestAPIError where Self.lacksPinScopes(error) {
            warnLackingPinScopes(account: account, context: context)
            return false
        }
    }

    /// Pin lookups in flight at once: enough to hide the round trips of a few dozen, few enough
    /// to leave the rate limit to the other accounts.
    static let concurrentPinLookups = 4

    private static func warnLackingPinScopes(account: String, context: RunContext) {
        context.logger.warning("""
            the token may not read pins (Pinterest answered 403): pinterest_meta_pin keeps its rows for this account. \
            Authorize again with the scopes \(PinterestClient.pinScopes.joined(separator: ", ")) (pinterest-etl auth url)
            """, ("account", account))
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

/// An account's pins as fetched: the owner's listing (which may hold pins of other accounts'
/// ads) and the lookups of the promoted pins it left out. Not `Sendable`, like `RowSpool`: one
/// account's refresh fills it, then writes it. Each account spools the owner's whole listing
/// (which pins its ads promote is known only when both lists end): for an owner of many
/// accounts, more spool than a listing filtered on the way, for the same requests.
final class PinRows {
    let listed = RowSpool<PinRecord>()
    var listedIds = Set<String>()
    var lookedUp: [PinRecord] = []

    /// Each pin the account's ads promote, once.
    func forEach(promoted: Set<String>, _ body: (PinRecord) throws -> Void) throws {
        var written = Set<String>()
        try listed.forEach { pin in
            if promoted.contains(pin.id), written.insert(pin.id).inserted { try body(pin) }
        }
        // Looked up only when not listed: never a pin written above.
        for pin in lookedUp { try body(pin) }
    }
}
