import Foundation

enum ListKind: String {
    case campaigns, adGroups = "ad_groups", ads
}

/// `GET /v5/ad_accounts`, `/ad_accounts/{id}/campaigns|ad_groups|ads` (and single objects).
///
/// Paging: entities are ordered by id (= creation order); the bookmark is an opaque token for
/// the next position and `bookmark` is null on the last page. `page_size` 1–250 (default 25);
/// anything else is a 400. `entity_statuses` defaults to ACTIVE+PAUSED and may be repeated
/// and/or comma-separated; `campaign_ids`, `ad_group_ids`, `ad_ids` filter (≤250 ids, only one
/// kind at a time, as the spec says); `order=DESCENDING` reverses.
extension PinterestSimulator {
    static let entityStatuses: Set<String> = ["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT"]

    private struct Paging {
        var pageSize: Int
        var start: Int
    }

    private func paging(_ request: HTTPRequest, scope: String) -> Result<Paging, HTTPResponseBox> {
        var pageSize = 25
        if let text = request.queryValue("page_size") {
            guard let n = Int(text), (1...250).contains(n) else {
                return .failure(HTTPResponseBox(.error(400, code: 1,
                    "Invalid parameters: page_size must be between 1 and 250 (got \(text)).")))
            }
            pageSize = n
        }
        var start = 0
        if let bookmark = request.queryValue("bookmark"), !bookmark.isEmpty {
            guard let position = Self.decodeBookmark(bookmark, scope: scope) else {
                return .failure(HTTPResponseBox(.error(400, code: 1, "Invalid parameters: bookmark is not valid.")))
            }
            start = position
        }
        return .success(Paging(pageSize: pageSize, start: start))
    }

    /// Bookmarks name the list they belong to, so one from another list is refused.
    static func encodeBookmark(_ position: Int, scope: String) -> String {
        Data("\(scope)|\(position)".utf8).base64EncodedString()
    }

    static func decodeBookmark(_ text: String, scope: String) -> Int? {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "|")
        guard parts.count == 2, parts[0] == scope, let n = Int(parts[1]), n >= 0 else { return nil }
        return n
    }

    /// Values of an array parameter given as repeated keys and/or comma-joined.
    private static func listValues(_ request: HTTPRequest, _ name: String) -> [String]? {
        let raw = request.queryValues(name)
        guard !raw.isEmpty else { return nil }
        return raw.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    func listAccounts(_ request: HTTPRequest) -> HTTPResponse {
        let paging: Paging
        switch self.paging(request, scope: "accounts") {
        case .success(let p): paging = p
        case .failure(let box): return box.response
        }
        let end = min(world.accountCount, paging.start + paging.pageSize)
        let items = paging.start < end ? (paging.start..<end).map { world.accountJSON(world.accountRecord($0)) } : []
        let bookmark: JSONValue = end < world.accountCount ? .string(Self.encodeBookmark(end, scope: "accounts")) : .null
        return .json(200, .object([("items", .array(items)), ("bookmark", bookmark)]))
    }

    func listEntities(_ request: HTTPRequest, kind: ListKind, account a: Int) -> HTTPResponse {
        if let asked = Self.listValues(request, "entity_statuses"), !asked.isEmpty {
            if let bad = asked.first(where: { !Self.entityStatuses.contains($0) }) {
                return .error(400, code: 1, "Invalid parameters: entity_statuses value \"\(bad)\" is not one of ACTIVE, PAUSED, ARCHIVED, DRAFT, DELETED_DRAFT.")
            }
            return page(request, kind: kind, account: a, statuses: Set(asked))
        }
        return page(request, kind: kind, account: a, statuses: ["ACTIVE", "PAUSED"])
    }

    private func page(_ request: HTTPRequest, kind: ListKind, account a: Int, statuses: Set<String>) -> HTTPResponse {
        // Id filters, as index sets in this account.
        var filters: [(name: String, kind: SimulatedWorld.Kind, ids: Set<Int>)] = []
        let allowed: [String] = switch kind {
        case .campaigns: ["campaign_ids"]
        case .adGroups: ["campaign_ids", "ad_group_ids"]
        case .ads: ["campaign_ids", "ad_group_ids", "ad_ids"]
        }
        for name in ["campaign_ids", "ad_group_ids", "ad_ids"] {
            guard let values = Self.listValues(request, name) else { continue }
            guard allowed.contains(name) else { continue }  // unknown parameters are ignored
            guard (1...250).contains(values.count) else {
                return .error(400, code: 1, "Invalid parameters: \(name) must hold 1 to 250 ids.")
            }
            let idKind: SimulatedWorld.Kind = name == "campaign_ids" ? .campaign : (name == "ad_group_ids" ? .adGroup : .ad)
            var indexes = Set<Int>()
            for value in values {
                guard value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    return .error(400, code: 1, "Invalid parameters: \(name) must match ^\\d+$.")
                }
                if let (acct, index) = world.parse(value, as: idKind), acct == a { indexes.insert(index) }
            }
            filters.append((name, idKind, indexes))
        }
        if filters.count > 1 {
            return .error(400, code: 1, "Invalid parameters: provide only one of \(allowed.joined(separator: ", ")).")
        }
        let scope = "\(kind.rawValue):\(a):\(statuses.sorted().joined(separator: ",")):\(filters.first?.name ?? "")"
        let paging: Paging
        switch self.paging(request, scope: scope) {
        case .success(let p): paging = p
        case .failure(let box): return box.response
        }
        let descending = request.queryValue("order") == "DESCENDING"
        let count: Int
        let status: (Int) -> String
        let item: (Int) -> JSONValue
        let adsPerGroup = SimulatedWorld.adsPerAdGroup, groupsPerCampaign = SimulatedWorld.adGroupsPerCampaign
        let parentMatches: (Int) -> Bool
        let filter = filters.first
        switch kind {
        case .campaigns:
            count = world.campaignCount(a)
            status = SimulatedWorld.campaignStatus
            item = { [world] in world.campaignJSON(world.campaignRecord(a, $0)) }
            parentMatches = { filter?.ids.contains($0) ?? true }
        case .adGroups:
            count = world.adGroupCount(a)
            status = SimulatedWorld.adGroupStatus
            item = { [world] in world.adGroupJSON(world.adGroupRecord(a, $0)) }
            parentMatches = { g in
                guard let filter else { return true }
                return filter.kind == .campaign ? filter.ids.contains(g / groupsPerCampaign) : filter.ids.contains(g)
            }
        case .ads:
            count = world.adCount(a)
            status = SimulatedWorld.adStatus
            item = { [world] in world.adJSON(world.adRecord(a, $0)) }
            parentMatches = { i in
                guard let filter else { return true }
                switch filter.kind {
                case .campaign: return filter.ids.contains(i / adsPerGroup / groupsPerCampaign)
                case .adGroup: return filter.ids.contains(i / adsPerGroup)
                default: return filter.ids.contains(i)
                }
            }
        }
        // Walk positions from the bookmark; collect one extra match to know whether more remain.
        var items: [JSONValue] = []
        var position = paging.start
        var nextBookmark: Int? = nil
        while position < count {
            let index = descending ? count - 1 - position : position
            if statuses.contains(status(index)) && parentMatches(index) {
                if items.count == paging.pageSize { nextBookmark = position; break }
                items.append(item(index))
            }
            position += 1
        }
        let bookmark: JSONValue = nextBookmark.map { .string(Self.encodeBookmark($0, scope: scope)) } ?? .null
        return .json(200, .object([("items", .array(items)), ("bookmark", bookmark)]))
    }

    func getEntity(kind: ListKind, account a: Int, id: String) -> HTTPResponse {
        let idKind: SimulatedWorld.Kind = switch kind { case .campaigns: .campaign; case .adGroups: .adGroup; case .ads: .ad }
        let count = switch kind { case .campaigns: world.campaignCount(a); case .adGroups: world.adGroupCount(a); case .ads: world.adCount(a) }
        guard let (acct, index) = world.parse(id, as: idKind), acct == a, index < count else {
            return .error(404, code: 404, "\(kind == .ads ? "Ad" : (kind == .campaigns ? "Campaign" : "Ad group")) not found.")
        }
        switch kind {
        case .campaigns: return .json(200, world.campaignJSON(world.campaignRecord(a, index)))
        case .adGroups: return .json(200, world.adGroupJSON(world.adGroupRecord(a, index)))
        case .ads: return .json(200, world.adJSON(world.adRecord(a, index)))
        }
    }
}

/// `Result` needs an Error failure type; this carries an early response.
struct HTTPResponseBox: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
