import Foundation
import Testing
@testable import PinterestAPI
import PinterestModel

/// Breakdown report rows and creatives as Pinterest sends them.
@Suite struct BreakdownParsingTests {
    static let account = "549755885175"

    static func targetingRows(_ text: String) throws -> [TargetingRow] {
        let path = try ReportFileParserTests.write(text)
        var rows: [TargetingRow] = []
        _ = try ReportFileParser(account: account, targeting: true).parseTargeting(path: path) { rows.append($0) }
        return rows
    }

    @Test("a breakdown value is stored as the text Pinterest sent, a string or a number (never through a Double)")
    func valuesKeepTheirText() throws {
        let ids = #""DATE":"2025-11-01","CAMPAIGN_ID":"626736533506","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"987654321987654321""#
        let rows = try Self.targetingRows("""
            {"987654321987654321":[
              {\(ids),"TARGETING_TYPE":"APPTYPE","TARGETING_VALUE":"iphone","SPEND_IN_MICRO_DOLLAR":1500000},
              {\(ids),"TARGETING_TYPE":"LOCATION","TARGETING_VALUE":123456789012345678901,"IMPRESSION_1":7},
              {\(ids),"TARGETING_TYPE":"KEYWORD","TARGETING_VALUE":"caf\\u00e9 \\"d\\u00e9cor\\"","CLICKTHROUGH_1":2},
              {\(ids),"TARGETING_TYPE":"NEW_TYPE_2027","TARGETING_VALUE":"something new","SAVE_1":1}
            ]}
            """)
        #expect(rows.map(\.targetingValue) == ["iphone", "123456789012345678901", "café \"décor\"", "something new"])
        #expect(rows.map(\.targetingType) == ["APPTYPE", "LOCATION", "KEYWORD", "NEW_TYPE_2027"])
        #expect(rows[0].metrics.spendMicro == 1_500_000 && rows[1].metrics.impressions == 7)
        #expect(rows.allSatisfy { $0.metrics.pinPromotionId == "987654321987654321" && $0.metrics.pinId.isEmpty })
    }

    @Test("a breakdown row without its type or value is a report error naming the column")
    func missingTypeOrValue() throws {
        let ids = #""DATE":"2025-11-01","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"3""#
        for (row, column) in [(#"{\#(ids),"TARGETING_VALUE":"x"}"#, "TARGETING_TYPE"), (#"{\#(ids),"TARGETING_TYPE":"GENDER"}"#, "TARGETING_VALUE")] {
            let error = try #require(throws: PinterestAPIError.self) { try Self.targetingRows("[\(row)]") }
            #expect(error.description.contains(column), "\(error)")
        }
    }

    static func pin(_ media: String) throws -> PinRecord {
        try PinRecord(json: JSONValue.parse(Data(#"{"id":"840123","title":"T","created_at":"2022-03-04T10:20:30-00:00","media":\#(media)}"#.utf8)),
                      account: account)
    }

    @Test("a pin's created_at reads as ISO8601DateFormatter reads it, in every zone form; anything else is nil")
    func createdAtForms() throws {
        let formatter = ISO8601DateFormatter()
        for text in ["2022-03-04T10:20:30Z", "2022-03-04T10:20:30-00:00", "2022-03-04T10:20:30+05:30", "1999-12-31T23:59:59-08:00",
                     "2024-02-29T00:00:00+0100", "1970-01-01T00:00:00Z"] {
            let expected = formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
            #expect(expected != nil, "\(text)")
            #expect(PinRecord.unixSeconds(text) == expected, "\(text)")
        }
        #expect(PinRecord.unixSeconds("2022-03-04T10:20:30.125Z") == 1_646_389_230)
        for bad in ["", "2022-03-04", "2022-03-04T10:20:30", "2022-03-04 10:20:30Z", "2022-13-04T10:20:30Z", "2022-03-04T25:20:30Z",
                    "2022-03-04T10:20:30Zjunk", "2022-03-04T10:20:30+5:30", "2022-03-04T10:20:30.Z"] {
            #expect(PinRecord.unixSeconds(bad) == nil, "\(bad)")
        }
    }

    @Test("every media shape gives the largest image, a video's cover, a carousel's first item")
    func mediaShapes() throws {
        let images = #"{"150x150":{"url":"https://i/s.jpg","width":150,"height":150},"1200x":{"url":"https://i/l.jpg","width":1200,"height":1600},"600x":{"url":"https://i/m.jpg","width":600,"height":800}}"#
        let image = try Self.pin(#"{"media_type":"image","images":\#(images)}"#)
        #expect(image.imageURL == "https://i/l.jpg" && image.videoURL == nil && image.mediaType == "image")
        #expect(image.createdAt == 1_646_389_230)
        let video = try Self.pin(#"{"media_type":"video","cover_image_url":"https://i/cover.jpg","video_url":"https://v/x.mp4"}"#)
        #expect(video.imageURL == "https://i/cover.jpg" && video.videoURL == "https://v/x.mp4")
        let carousel = try Self.pin(#"{"media_type":"multiple_images","items":[{"item_type":"image","images":\#(images)},{"item_type":"image","images":{}}]}"#)
        #expect(carousel.imageURL == "https://i/l.jpg")
        let mixed = try Self.pin(#"{"media_type":"multiple_mixed","items":[{"item_type":"video","cover_image_url":"https://i/c0.jpg","video_url":"https://v/0.mp4"}]}"#)
        #expect(mixed.imageURL == "https://i/c0.jpg" && mixed.videoURL == "https://v/0.mp4")
        let unknown = try Self.pin(#"{"media_type":"hologram_2030","images":\#(images)}"#)
        #expect(unknown.mediaType == "hologram_2030" && unknown.imageURL == "https://i/l.jpg")
        let none = try PinRecord(json: JSONValue.parse(Data(#"{"id":"1","media":null}"#.utf8)), account: Self.account)
        #expect(none.imageURL == nil && none.mediaType == nil)
        #expect(throws: PinterestAPIError.self) { try PinRecord(json: JSONValue.parse(Data(#"{"title":"no id"}"#.utf8)), account: Self.account) }
    }
}
