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

    /// ISO 8601 date-time (`2022-03-04T10:20:30Z`, `…30.123Z`, `…30-05:00`, `…30+0530`) as Unix
    /// seconds (a fraction is dropped); nil for anything else. By hand, not with
    /// `ISO8601DateFormatter`: building one (through ICU) per pin was most of a meta refresh's CPU.
    static func unixSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let day = Day(text.prefix(10)) else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard index < bytes.count, bytes[index] &- 48 < 10 else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let colon = index + 3 < bytes.count && bytes[index + 3] == UInt8(ascii: ":")
            let minutesAt = index + (colon ? 4 : 3)
            guard minutesAt + 2 == bytes.count, let hours = number(index + 1..<index + 3), let minutes = number(minutesAt..<minutesAt + 2),
                  hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3_600 + minutes * 60)
        default:
            return nil
        }
        return Int64(day.daysSinceEpoch) * 86_400 + hour * 3_600 + minute * 60 + second - offset
    }
}
