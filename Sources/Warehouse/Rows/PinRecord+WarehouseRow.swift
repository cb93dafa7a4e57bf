import PinterestModel

extension PinRecord: WarehouseRow {
    public static let tableName = "pinterest_meta_pin"
    public static let stampColumns = ["refreshed_at"]
    public static let columnNames = [
        "id", "ad_account_id", "title", "description", "link", "alt_text", "creative_type", "media_type",
        "image_url", "video_url", "board_id", "dominant_color", "created_at",
    ]

    public var keyDescription: String { "ad account \(adAccountId), pin \(id)" }

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        for text in [id, adAccountId] { writer.write(text) }
        for text in [title, description, link, altText, creativeType, mediaType, imageURL, videoURL, boardId, dominantColor] {
            writer.write(text)
        }
        writer.write(unixSeconds: createdAt)
    }
}
