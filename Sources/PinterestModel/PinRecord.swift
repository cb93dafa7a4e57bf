/// A creative an ad promotes (`pinterest_meta_pin`), from `GET /pins`.
public struct PinRecord: Hashable, Sendable, Codable {
    public var id: String
    public var adAccountId: String
    public var title: String?
    public var description: String?
    public var link: String?
    public var altText: String?
    public var creativeType: String?
    /// `image`, `video`, `multiple_images`, `multiple_videos`, `multiple_mixed`, or what Pinterest adds.
    public var mediaType: String?
    /// The largest image; a video's cover image; a carousel's first item's.
    public var imageURL: String?
    public var videoURL: String?
    public var boardId: String?
    public var dominantColor: String?
    /// Unix seconds.
    public var createdAt: Int64?

    public init(id: String, adAccountId: String) {
        self.id = id
        self.adAccountId = adAccountId
    }
}
