import Foundation
import PinterestModel

/// `GET /v5/pins?ad_account_id=` (listing, bookmark pages of up to 250), `GET /v5/pins/{id}`, and
/// `GET /v5/resources/targeting/{type}`.
extension PinterestSimulator {
    func pins(_ request: HTTPRequest, _ segments: [String]) -> HTTPResponse {
        guard request.method == "GET" else { return .error(405, code: 5, "Method not allowed.") }
        let (granted, denial) = state.locked { ($0.grantsPinScopes, $0.pinScopeDenialStatus) }
        guard granted else {
            return denial == 401
                ? .error(401, code: 3, "Your token does not have sufficient permissions to access this resource (pins:read, boards:read).")
                : .error(403, code: 3, "Not authorized to access board or Pin: the token lacks the pins:read and boards:read scopes.")
        }
        guard let accountId = request.queryValue("ad_account_id"), let a = world.accountIndex(of: accountId) else {
            return .error(404, code: 404, "Ad account not found.")
        }
        if segments.count == 2 {
            let id = segments[1]
            let count = world.adCount(a) + SimulatedWorld.organicPins
            guard let i = (0..<count).first(where: { world.id(.pin, account: a, index: $0) == id }) else {
                return .error(404, code: 404, "Pin not found.")
            }
            return .json(200, world.pin(a, i).json)
        }
        guard segments.count == 1 else { return .error(404, code: 404, "Not found.") }
        var pageSize = 25
        if let text = request.queryValue("page_size") {
            guard let n = Int(text), (1...250).contains(n) else {
                return .error(400, code: 1, "Invalid parameters: page_size must be between 1 and 250 (got \(text)).")
            }
            pageSize = n
        }
        var start = 0
        if let bookmark = request.queryValue("bookmark"), !bookmark.isEmpty {
            guard let position = Self.decodeBookmark(bookmark, scope: "pins-\(a)") else {
                return .error(400, code: 1, "Invalid parameters: bookmark is not valid.")
            }
            start = position
        }
        var listed = world.listedPins(a)
        if let filter = request.queryValue("pin_filter") {
            guard ["exclude_native", "exclude_repins", "has_been_promoted"].contains(filter) else {
                return .error(400, code: 1, "Invalid parameters: pin_filter must be exclude_native, exclude_repins or has_been_promoted.")
            }
            if filter == "has_been_promoted" { listed = listed.filter { $0 < world.adCount(a) } }
        }
        let end = min(listed.count, start + pageSize)
        let items = start < end ? listed[start..<end].map { world.pin(a, $0).json } : []
        let bookmark: JSONValue = end < listed.count ? .string(Self.encodeBookmark(end, scope: "pins-\(a)")) : .null
        return .json(200, .object([("items", .array(items)), ("bookmark", bookmark)]))
    }

    func targetingNames(type: String) -> HTTPResponse {
        guard let names = SimulatedWorld.targetingNames[type] else {
            return .error(400, code: 1, "Invalid parameters: targeting_type \(type) is not one of APPTYPE, GENDER, LOCALE, AGE_BUCKET, LOCATION, GEO, INTEREST, KEYWORD, AUDIENCE_INCLUDE, AUDIENCE_EXCLUDE.")
        }
        // Several codes per object, as the spec's example packs them.
        let objects = stride(from: 0, to: names.count, by: 2).map { start in
            JSONValue.object(names[start..<min(start + 2, names.count)].map { ($0.0, .string($0.1)) })
        }
        return .json(200, .array(objects))
    }
}
