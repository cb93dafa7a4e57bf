import PinterestModel

extension TargetingName: WarehouseRow {
    public static let tableName = "pinterest_meta_targeting"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = ["targeting_type", "code", "name"]

    public var keyDescription: String { "\(targetingType) \(code)" }

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(targetingType)
        writer.write(code)
        writer.write(name)
    }
}
