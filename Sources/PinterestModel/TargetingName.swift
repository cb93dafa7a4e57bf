/// The name of one targeting code (`pinterest_meta_targeting`): `APPTYPE` `iphone` → "iPhone".
public struct TargetingName: Hashable, Sendable {
    public var targetingType: String
    public var code: String
    public var name: String

    public init(targetingType: String, code: String, name: String) {
        self.targetingType = targetingType
        self.code = code
        self.name = name
    }
}
