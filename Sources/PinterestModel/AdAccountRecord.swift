// Lookup rows for the meta tables (this and the campaign, ad group and ad records): Pinterest's
// objects flattened to scalars. Enum-typed fields are kept as text so a new value never breaks a
// run; nested objects are kept as their JSON text. Times are Unix seconds, as the API sends them.

public struct AdAccountRecord: Hashable, Sendable, Codable {
    public var id: String
    public var name: String?
    public var currency: String?
    public var country: String?
    public var ownerUsername: String?
    public var ownerId: String?
    public var createdTime: Int64?
    public var updatedTime: Int64?

    public init(id: String, name: String? = nil, currency: String? = nil, country: String? = nil,
                ownerUsername: String? = nil, ownerId: String? = nil,
                createdTime: Int64? = nil, updatedTime: Int64? = nil) {
        self.id = id
        self.name = name
        self.currency = currency
        self.country = country
        self.ownerUsername = ownerUsername
        self.ownerId = ownerId
        self.createdTime = createdTime
        self.updatedTime = updatedTime
    }
}
