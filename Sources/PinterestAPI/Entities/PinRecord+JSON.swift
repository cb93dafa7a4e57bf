import Foundation
import PinterestModel

extension PinRecord {
    /// A `Pin` of `GET /pins`. `media` is a union on `media_type`: the largest image is kept for
    /// an image, the cover for a video, the first item's for a carousel; a media type Pinterest
    /// adds later is stored as its name, with whatever image it carries.
    init(json: JSONValue, account: String) throws {
        var r = try EntityReader(json, what: "pin", account: account)
        let id = try r.requiredId("id")
        r.id = id
        self.init(id: id, adAccountId: account)
        title = try r.string("title")
        description = try r.string("description")
        link = try r.string("link")
        altText = try r.string("alt_text")
        creativeType = try r.string("creative_type")
        boardId = try r.optionalId("board_id")
        dominantColor = try r.string("dominant_color")
        createdAt = try r.string("created_at").flatMap(Self.unixSeconds)
        guard let media = try r.nested("media") else { return }
        mediaType = try media.string("media_type")
        switch mediaType {
        case "video"?:
            imageURL = try media.string("cover_image_url") ?? Self.largestImage(media.object["images"])
            videoURL = try media.string("video_url")
        case "multiple_images"?, "multiple_videos"?, "multiple_mixed"?:
            guard case .array(let items)? = media.object["items"], let first = items.first else { return }
            let item = try EntityReader(first, what: "pin media item", account: account)
            imageURL = try item.string("cover_image_url") ?? Self.largestImage(item.object["images"])
            videoURL = try item.string("video_url")
        default:
            imageURL = Self.largestImage(media.object["images"])
        }
    }

    /// `images` maps a size name (`150x150`, `1200x`) to `{url, width, height}`: the one with the
    /// most pixels (by width when a height is missing).
    static func largestImage(_ images: JSONValue?) -> String? {
        guard case .object(let sizes)? = images else { return nil }
        func number(_ value: JSONValue?) -> Int64 {
            if case .number(let text)? = value { return Int64(text) ?? 0 }
            return 0
        }
        var best: (area: Int64, url: String)?
        for (_, size) in sizes {
            guard case .string(let url)? = size["url"], !url.isEmpty else { continue }
            let width = number(size["width"]), height = number(size["height"])
            let area = width * max(height, 1)
            if best == nil || area > best!.area { best = (area, url) }
        }
        return best?.url
    }

    /// ISO 8601 date-time (`2022-03-04T10:20:30-00:00`) as Unix seconds.
    static func unixSeconds(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }
}
