import Foundation
import PinterestModel

/// The creatives: one pin per ad (its `pin_id`), every media shape in turn, plus organic pins
/// no ad promotes (the listing holds them; the warehouse must not).
extension SimulatedWorld {
    static let mediaTypes = ["image", "video", "multiple_images", "multiple_videos", "multiple_mixed"]

    /// Organic pins listed beside the promoted ones, per account.
    static let organicPins = 7

    /// Pins the listing leaves out (ads-only pins on a protected board): found by id only.
    /// About one in a hundred, as "the few a listing misses".
    static func isUnlisted(_ i: Int) -> Bool { i % 97 == 4 }

    /// Pin `i` of account `a` (the pin of ad `i`; an organic one past the ads) as the API
    /// serves it, and as the warehouse should store it.
    func pin(_ a: Int, _ i: Int) -> (json: JSONValue, record: PinRecord) {
        let pinId = id(.pin, account: a, index: i)
        let account = id(.account, account: a)
        let mediaType = Self.mediaTypes[i % Self.mediaTypes.count]
        let base = "https://i.pinimg.example/\(a)/\(i)"
        func images(_ prefix: String) -> JSONValue {
            .object([
                ("150x150", .object([("url", .string("\(prefix)/150x150.jpg")), ("width", .int(150)), ("height", .int(150))])),
                ("1200x", .object([("url", .string("\(prefix)/1200x.jpg")), ("width", .int(1200)), ("height", .int(1600))])),
                ("600x", .object([("url", .string("\(prefix)/600x.jpg")), ("width", .int(600)), ("height", .int(800))])),
            ])
        }
        var record = PinRecord(id: pinId, adAccountId: account)
        record.title = i % 6 == 5 ? nil : "Pin #\(i) \"Spring\" <b>look</b> 🌸\t\(i % 2 == 0 ? "new\nline" : "Ünïcode")"
        record.description = "Shop the look: café, naïve & façade #\(i)"
        record.link = "https://shop.example.com/p/\(i)?ref=pin&q=a%2Cb"
        record.altText = i % 4 == 0 ? nil : "Alt text for pin \(i)"
        record.creativeType = Self.creativeType(i)
        record.mediaType = mediaType
        record.boardId = id(.owner, account: a, index: 1_000 + i % 3)
        record.dominantColor = "#6E78\(String(format: "%02X", i % 256))"
        record.createdAt = 1_700_000_000 + Int64(i) * 3_600
        var media: [(String, JSONValue)] = [("media_type", .string(mediaType))]
        switch mediaType {
        case "image":
            media.append(("images", images(base)))
            record.imageURL = "\(base)/1200x.jpg"
        case "video":
            media += [("cover_image_url", .string("\(base)/cover.jpg")), ("video_url", .string("\(base)/video.mp4")),
                      ("duration", .int(15_000)), ("width", .int(1080)), ("height", .int(1920))]
            record.imageURL = "\(base)/cover.jpg"
            record.videoURL = "\(base)/video.mp4"
        default:
            let items: [JSONValue] = (0..<3).map { n in
                let video = mediaType == "multiple_videos" || (mediaType == "multiple_mixed" && n == 0)
                return video
                    ? .object([("item_type", .string("video")), ("cover_image_url", .string("\(base)/item\(n)/cover.jpg")),
                               ("video_url", .string("\(base)/item\(n)/video.mp4"))])
                    : .object([("item_type", .string("image")), ("title", .string("Item \(n)")), ("images", images("\(base)/item\(n)"))])
            }
            media.append(("items", .array(items)))
            let firstIsVideo = mediaType == "multiple_videos" || mediaType == "multiple_mixed"
            record.imageURL = firstIsVideo ? "\(base)/item0/cover.jpg" : "\(base)/item0/1200x.jpg"
            record.videoURL = firstIsVideo ? "\(base)/item0/video.mp4" : nil
        }
        let created = ISOTime.text(unixSeconds: record.createdAt!)
        let json: JSONValue = .object([
            ("id", .string(pinId)), ("created_at", .string(created)), ("link", record.link.json),
            ("title", record.title.json), ("description", record.description.json),
            ("dominant_color", record.dominantColor.json), ("alt_text", record.altText.json),
            ("creative_type", record.creativeType.json), ("board_id", record.boardId.json),
            ("board_section_id", .null), ("board_owner", .object([("username", .string("owner_\(a)"))])),
            ("is_owner", .bool(true)), ("media", .object(media)), ("parent_pin_id", .null), ("is_standard", .bool(true)),
            ("has_been_promoted", .bool(i < adCount(a))), ("note", .null), ("pin_metrics", .null),
        ])
        return (json, record)
    }

    /// Indexes the listing shows for account `a`, in order: promoted pins but the unlisted,
    /// then the organic ones.
    func listedPins(_ a: Int) -> [Int] {
        (0..<adCount(a)).filter { !Self.isUnlisted($0) } + (adCount(a)..<adCount(a) + Self.organicPins)
    }

    /// The names `GET /resources/targeting/{type}` serves, several codes packed per object.
    static let targetingNames: [String: [(String, String)]] = [
        "APPTYPE": [("iphone", "iPhone 📱"), ("ipad", "iPad"), ("web", "Web \"desktop\""), ("web_mobile", "Mobile web"),
                    ("android_mobile", "Android phone"), ("android_tablet", "Android tablet")],
        "GENDER": [("female", "Female ♀"), ("male", "Male ♂"), ("unknown", "Unknown / unspecified")],
        "AGE_BUCKET": [("18-24", "18–24"), ("25-34", "25–34"), ("35-44", "35–44"), ("45-49", "45–49"), ("50-54", "50–54"),
                       ("55-64", "55–64"), ("65+", "65+ 👵"), ("unknown", "Unknown")],
        "LOCATION": [("500", "United States: Alabama, Birmingham"), ("501", "United States: New York, New York"),
                     ("36313", "Australia: Moreton Bay - North"), ("124735", "Canada: North Battleford")],
        "GEO": [("US:94102", "San Francisco, CA 94102"), ("US:10001", "New York, NY 10001"), ("CA:M5V", "Toronto, ON M5V")],
    ]
}
