import PinterestModel

extension PinterestClient {
    /// Every status, so archived entities (left out by default) are listed too.
    static let allEntityStatuses = ["ACTIVE", "PAUSED", "ARCHIVED"]
    static let pageSize = 250

    /// Every ad account the authorized user can read (owned or shared).
    public func adAccounts() async throws -> [AdAccountRecord] {
        var accounts: [AdAccountRecord] = []
        try await forEachPage(path: "/ad_accounts", extraQuery: [], account: nil, what: "ad account list") {
            accounts.append(contentsOf: try $0.map { try AdAccountRecord(json: $0) })
        }
        return accounts
    }

    public func adAccount(id: String) async throws -> AdAccountRecord {
        let value = try await callJSON("GET", "/ad_accounts/\(FormEncoding.escape(id))", account: id, what: "ad account")
        return try AdAccountRecord(json: value)
    }

    public func forEachCampaignPage(adAccountId: String, _ body: ([CampaignRecord]) async throws -> Void) async throws {
        try await forEachEntityPage(adAccountId: adAccountId, kind: "campaigns", what: "campaign list") { items in
            try await body(try items.map { try CampaignRecord(json: $0, account: adAccountId) })
        }
    }

    public func forEachAdGroupPage(adAccountId: String, _ body: ([AdGroupRecord]) async throws -> Void) async throws {
        try await forEachEntityPage(adAccountId: adAccountId, kind: "ad_groups", what: "ad group list") { items in
            try await body(try items.map { try AdGroupRecord(json: $0, account: adAccountId) })
        }
    }

    public func forEachAdPage(adAccountId: String, _ body: ([AdRecord]) async throws -> Void) async throws {
        try await forEachEntityPage(adAccountId: adAccountId, kind: "ads", what: "ad list") { items in
            try await body(try items.map { try AdRecord(json: $0, account: adAccountId) })
        }
    }

    private func forEachEntityPage(adAccountId: String, kind: String, what: String,
                                   _ body: ([JSONValue]) async throws -> Void) async throws {
        // The spec leaves the array style unstated, i.e. OpenAPI's default form/explode:
        // one `entity_statuses=` pair per status.
        let statuses = Self.allEntityStatuses.map { ("entity_statuses", $0) }
        try await forEachPage(path: "/ad_accounts/\(FormEncoding.escape(adAccountId))/\(kind)",
                              extraQuery: statuses, account: adAccountId, what: what, body)
    }

    /// Follows `bookmark` until it is null, absent or empty.
    func forEachPage(path: String, extraQuery: [(String, String)], account: String?, what: String,
                     _ body: ([JSONValue]) async throws -> Void) async throws {
        var bookmark: String?
        var seen: Set<String> = []
        repeat {
            var query = extraQuery + [("page_size", String(Self.pageSize))]
            if let bookmark { query.append(("bookmark", bookmark)) }
            let page = try await callJSON("GET", path, query: query, account: account, what: what)
            guard case .object = page else {
                throw PinterestAPIError.badResponse(what: what, field: "(body)", entityId: nil, account: account,
                                                    problem: "expected an object, found \(page.typeName)")
            }
            guard case .array(let items)? = page["items"] else {
                throw PinterestAPIError.badResponse(what: what, field: "items", entityId: nil, account: account,
                                                    problem: page["items"] == nil ? "missing" : "not an array")
            }
            try await body(items)
            switch page["bookmark"] {
            case .string(let next)? where !next.isEmpty:
                guard seen.insert(next).inserted else {
                    throw PinterestAPIError.badResponse(what: what, field: "bookmark", entityId: nil, account: account,
                                                        problem: "the same bookmark came back twice; paging would never end")
                }
                bookmark = next
            case nil, .null?, .string?:
                bookmark = nil
            case let other?:
                throw PinterestAPIError.badResponse(what: what, field: "bookmark", entityId: nil, account: account,
                                                    problem: "expected a string, found \(other.typeName)")
            }
        } while bookmark != nil
    }
}
