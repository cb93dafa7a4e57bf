import PinterestModel

extension PinterestClient {
    /// Scopes the pins endpoints need beyond `ads:read`.
    public static let pinScopes = ["pins:read", "boards:read"]

    /// The promoted pins of the account's owner (`GET /pins?ad_account_id=&pin_filter=has_been_promoted`),
    /// a page of up to 250 at a time, ads-only pins on protected boards included: an owner's
    /// organic pins, which may be far more, are not listed. A token without `pins:read` and
    /// `boards:read` answers 403 (or 401 code 3): `PinterestAPIError.http`.
    public func forEachPinPage(adAccountId: String, _ body: ([PinRecord]) async throws -> Void) async throws {
        try await forEachPage(path: "/pins", extraQuery: [("ad_account_id", adAccountId), ("pin_filter", "has_been_promoted"),
                                                           ("include_protected_pins", "true")],
                              account: adAccountId, what: "pin list") { items in
            try await body(try items.map { try PinRecord(json: $0, account: adAccountId) })
        }
    }

    /// One pin, for a promoted pin the listing left out.
    public func pin(id: String, adAccountId: String) async throws -> PinRecord {
        let value = try await callJSON("GET", "/pins/\(FormEncoding.escape(id))", query: [("ad_account_id", adAccountId)],
                                       account: adAccountId, what: "pin")
        return try PinRecord(json: value, account: adAccountId)
    }

    /// The names of a targeting type's codes (`GET /resources/targeting/{type}`): an array of
    /// objects mapping code → name, one or many codes per object; every key is read.
    public func targetingNames(type: String) async throws -> [TargetingName] {
        let what = "targeting names of \(type)"
        let value = try await callJSON("GET", "/resources/targeting/\(FormEncoding.escape(type))", account: nil, what: what)
        guard case .array(let objects) = value else {
            throw PinterestAPIError.badResponse(what: what, field: "(body)", entityId: nil, account: nil,
                                                problem: "expected an array, found \(value.typeName)")
        }
        var names: [TargetingName] = []
        for object in objects {
            guard case .object(let pairs) = object else {
                throw PinterestAPIError.badResponse(what: what, field: "(item)", entityId: nil, account: nil,
                                                    problem: "expected an object, found \(object.typeName)")
            }
            for (code, name) in pairs {
                switch name {
                case .string(let text): names.append(TargetingName(targetingType: type, code: code, name: text))
                case .number(let text): names.append(TargetingName(targetingType: type, code: code, name: text))
                default:
                    throw PinterestAPIError.badResponse(what: what, field: code, entityId: nil, account: nil,
                                                        problem: "expected a name, found \(name.typeName)")
                }
            }
        }
        return names
    }
}
