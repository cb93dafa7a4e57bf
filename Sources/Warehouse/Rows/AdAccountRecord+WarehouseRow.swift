import PinterestModel

// A lookup table row. Column order is the order of `write(to:)`; the names match
// migrations/*/0001_initial.sql and the README's table reference.

extension AdAccountRecord: WarehouseRow {
    public static let tableName = "pinterest_meta_adaccount"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = [
        "id", "name", "currency", "country", "owner_username", "owner_id", "created_time", "updated_time",
    ]

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(id)
        writer.write(name)
        writer.write(currency)
        writer.write(country)
        writer.write(ownerUsername)
        writer.write(ownerId)
        writer.write(unixSeconds: createdTime)
        writer.write(unixSeconds: updatedTime)
    }
}
