import PinterestModel

extension AdAccountRecord {
    init(json: JSONValue) throws {
        var r = try EntityReader(json, what: "ad account", account: nil)
        let id = try r.requiredId("id")
        r.id = id
        self.init(id: id)
        name = try r.string("name")
        currency = try r.string("currency")
        country = try r.string("country")
        if let owner = try r.nested("owner") {
            ownerUsername = try owner.string("username")
            ownerId = try owner.optionalId("id")
        }
        createdTime = try r.int64("created_time")
        updatedTime = try r.int64("updated_time")
    }
}
