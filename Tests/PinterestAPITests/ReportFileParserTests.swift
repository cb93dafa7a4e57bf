import Foundation
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct ReportFileParserTests {
    static let account = "549755885175"

    static func write(_ text: String) throws -> String {
        let path = (Fixture.temporaryDirectory() as NSString).appendingPathComponent("report.json")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func rows(_ text: String, bufferSize: Int = 64 * 1024) throws -> [DeliveryRow] {
        let path = try write(text)
        var rows: [DeliveryRow] = []
        _ = try ReportFileParser(account: account, bufferSize: bufferSize).parse(path: path) { rows.append($0) }
        return rows
    }

    static func row(_ fields: String, ad: String = "987654321987654321") -> String {
        #"{"DATE":"2025-11-01","CAMPAIGN_ID":"626736533506","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"\#(ad)","PIN_ID":"123456789012345678"\#(fields)}"#
    }

    static let awkward = """
     \t{ "987654321987654321" : [ {"DATE":"2025-11-01","AD_ACCOUNT_ID":549755885175,"CAMPAIGN_ID":626736533506000001,
      "AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":987654321987654321,"PIN_ID":"123456789012345678",
      "SPEND_IN_MICRO_DOLLAR":1.52e6,"IMPRESSION_1":812.0,"TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR":9223372036854775807,
      "CAMPAIGN_NAME":"Caf\\u00e9 \\ud83d\\ude00 \\"quoted\\" \\\\ / \\n","TARGETING":{"nested":[1,{"a":null}]},
      "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND":0.5,"CLICKTHROUGH_1":null} ] ,
      "2":[], "3": [ {"DATE":"2025-11-02","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_ID":"4"} ] }\n
    """

    @Test func awkwardFileParsesTheSameAtEveryChunkBoundary() throws {
        let expected = try Self.rows(Self.awkward)
        #expect(expected.count == 2)
        #expect(expected[0].campaignId == "626736533506000001")
        #expect(expected[0].pinPromotionId == "987654321987654321")
        #expect(expected[0].spendMicro == 1_520_000)
        #expect(expected[0].impressions == 812)
        #expect(expected[0].clicks == 0)
        #expect(expected[0].checkoutValueMicro == Int64.max)
        #expect(expected[0].videoAvgWatchSeconds == 0.5)
        #expect(expected[1].pinPromotionId == "3")   // taken from the key when the row lacks it
        #expect(expected[1].adAccountId == Self.account)
        for size in 1...Self.awkward.utf8.count {
            #expect(try Self.rows(Self.awkward, bufferSize: size) == expected, "buffer size \(size)")
        }
    }

    @Test func absentMetricsAreZero() throws {
        let rows = try Self.rows("{\"1\":[\(Self.row(""))]}")
        let row = try #require(rows.first)
        for metric in DeliveryMetric.allCases { #expect(row.double(metric) == 0) }
    }

    @Test func emptyReportsHaveNoRows() throws {
        #expect(try Self.rows("{}").isEmpty)
        #expect(try Self.rows(" { \"1\" : [ ] } ").isEmpty)
        #expect(try Self.rows("[\(Self.row(""))]").count == 1)
    }

    @Test(arguments: [
        ("", "empty"),
        ("{\"1\":[", "end of input"),
        ("{\"1\":[\(row(",\"IMPRESSION_1\":5"))", "end of input"),
        ("{\"1\":[{\"DATE\":\"2025-11-01\",\"CAMPAIGN_ID\":\"62673", "end of input"),
        ("{\"1\":[{\"DATE\":\"2025-11-01\" \"X\":1}]}", "expected"),
        ("{\"1\":[{\"DATE\":tru}]}", "literal"),
        ("{\"1\":[{\"DATE\":01}]}", "leading zero"),
        ("{\"1\":[]} trailing", "after the document"),
        ("<html>", "expected '{'"),
    ])
    func malformedFilesFailWithAnOffset(text: String, problem: String) throws {
        do {
            _ = try Self.rows(text)
            Issue.record("no error for \(text)")
        } catch let error as PinterestAPIError {
            guard case let .reportFile(account, offset, message) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(account == Self.account)
            #expect(offset >= 0 && offset <= Int64(text.utf8.count))
            #expect(message.contains(problem), "\(message)")
            #expect(error.description.contains("byte \(offset)"))
        }
    }

    @Test(arguments: [
        ("\"IMPRESSION_1\":1.5", "IMPRESSION_1", "whole"),
        ("\"CLICKTHROUGH_1\":-3", "CLICKTHROUGH_1", "negative"),
        ("\"SPEND_IN_MICRO_DOLLAR\":9223372036854775808", "SPEND_IN_MICRO_DOLLAR", "too large"),
        ("\"SPEND_IN_MICRO_DOLLAR\":1e30", "SPEND_IN_MICRO_DOLLAR", "too large"),
        ("\"TOTAL_LEAD\":\"many\"", "TOTAL_LEAD", "not a number"),
    ])
    func badIntegerMetricsNameColumnAdAndDate(fields: String, column: String, problem: String) throws {
        do {
            _ = try Self.rows("{\"1\":[\(Self.row("," + fields))]}")
            Issue.record("no error for \(fields)")
        } catch let error as PinterestAPIError {
            #expect(error.description.contains(column))
            #expect(error.description.contains("987654321987654321"))
            #expect(error.description.contains("2025-11-01"))
            #expect(error.description.contains(problem), "\(error)")
        }
    }

    @Test func rowsMissingIdsOrDateAreErrors() throws {
        #expect(throws: PinterestAPIError.self) { try Self.rows(#"{"2025-11-01":[{"DATE":"2025-11-01","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_ID":"3"}]}"#) }
        #expect(throws: PinterestAPIError.self) { try Self.rows(#"{"1":[{"CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_ID":"3"}]}"#) }
        #expect(throws: PinterestAPIError.self) { try Self.rows(#"{"1":[{"DATE":"2025-13-01","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_ID":"3"}]}"#) }
        #expect(throws: PinterestAPIError.self) { try Self.rows(#"{"1":[{"DATE":"2025-11-01","AD_ACCOUNT_ID":"777","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_ID":"3"}]}"#) }
    }

    @Test func gzipFilesAreReportedNotMisparsed() throws {
        let path = (Fixture.temporaryDirectory() as NSString).appendingPathComponent("report.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x00]).write(to: URL(fileURLWithPath: path))
        #expect(throws: PinterestAPIError.self) { _ = try ReportFileParser(account: "1").parse(path: path) { _ in } }
    }

    @Test func largeFileStreamsWithBoundedMemory() throws {
        let path = (Fixture.temporaryDirectory() as NSString).appendingPathComponent("big.json")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let rowCount = 200_000
        var chunk = "{"
        for ad in 0..<(rowCount / 4) {
            if ad > 0 { chunk += "," }
            chunk += "\"\(900_000_000_000_000_000 + ad)\":["
            for d in 0..<4 {
                if d > 0 { chunk += "," }
                chunk += #"{"DATE":"2025-11-0\#(d + 1)","CAMPAIGN_ID":"11","AD_GROUP_ID":"22","PIN_PROMOTION_ID":"\#(900_000_000_000_000_000 + ad)","PIN_ID":"33","SPEND_IN_MICRO_DOLLAR":\#(ad),"IMPRESSION_1":\#(d)}"#
            }
            chunk += "]"
            if chunk.utf8.count > 1 << 20 { handle.write(Data(chunk.utf8)); chunk = "" }
        }
        chunk += "}"
        handle.write(Data(chunk.utf8))
        try handle.close()
        let fileSize = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        #expect(fileSize > 30_000_000)

        var count = 0
        var spend: Int64 = 0
        var lastId = ""
        let parsed = try ReportFileParser(account: "1").parse(path: path) { row in
            count += 1
            spend += row.spendMicro
            lastId = row.pinPromotionId
        }
        #expect(parsed == rowCount)
        #expect(count == rowCount)
        #expect(spend == Int64((0..<(rowCount / 4)).reduce(0, +)) * 4)
        #expect(lastId == "\(900_000_000_000_000_000 + rowCount / 4 - 1)")
        // Resident memory is not asserted here: tests run in parallel in this process and move it
        // by tens of MB. The benchmark (`pinterest-etl bench`) measures peak memory on its own.
    }

    @Test func everyColumnNameIsFoundAndNoOtherName() {
        let table = ReportColumnTable.shared
        func lookUp(_ name: String) -> ReportColumn? {
            Array(name.utf8).withUnsafeBufferPointer { table.column(named: $0) }
        }
        #expect(ReportColumn.byName.count > 30)
        for (name, column) in ReportColumn.byName {
            #expect(lookUp(name) == column, "\(name)")
            // Near misses: same length and ends, one byte off; a byte more or less.
            var bytes = Array(name.utf8)
            bytes[bytes.count / 2 - 1] ^= 0x20
            #expect(lookUp(String(decoding: bytes, as: UTF8.self)) == nil, "\(name), one byte off")
            #expect(lookUp(name + "_") == nil)
            #expect(lookUp(String(name.dropLast())) == nil)
            #expect(lookUp(name.lowercased()) == nil)
        }
        for name in ["", "D", "IMPRESSION_3", "CLICKTHROUGH_0", String(repeating: "SPEND_IN_MICRO_DOLLAR", count: 5)] {
            #expect(lookUp(name) == nil, "\(name)")
        }
    }

    @Test func idsMustBeDigitsInEveryRowNotOnlyTheFirst() throws {
        let good = Self.row("")
        let row = { (campaign: String) in
            #"{"DATE":"2025-11-02","CAMPAIGN_ID":"\#(campaign)","AD_GROUP_ID":"2680059592705","PIN_PROMOTION_ID":"1","PIN_ID":"2"}"#
        }
        // A later member of the same name wins, as for every column.
        let overridden = #"{"DATE":"2025-11-03","CAMPAIGN_ID":"x","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"1","PIN_ID":"2","CAMPAIGN_ID":"77"}"#
        #expect(try Self.rows("[\(good),\(row("5")),\(overridden),\(good)]").map(\.campaignId)
                == ["626736533506", "5", "77", "626736533506"])
        for bad in ["5x", "-5", " 5", "5.0"] {
            do {
                _ = try Self.rows("[\(good),\(row("5")),\(row(bad))]")
                Issue.record("no error for campaign id \(bad)")
            } catch let error as PinterestAPIError {
                #expect(error.description.contains("CAMPAIGN_ID"), "\(error)")
                #expect(error.description.contains("not an id"), "\(error)")
                #expect(error.description.contains("2025-11-02"), "\(error)")
            }
        }
        // Through the general path too (an escape sends the row there): "\u0035" is "5", "5\u0078" is "5x".
        let escaped = { (pin: String) in
            #"{"DATE":"2025-11-04","CAMPAIGN_ID":"1","AD_GROUP_ID":"2","PIN_PROMOTION_ID":"1","PIN_ID":"\#(pin)"}"#
        }
        #expect(try Self.rows("[\(good),\(escaped(#"\u0035"#))]").map(\.pinId) == ["123456789012345678", "5"])
        do {
            _ = try Self.rows("[\(escaped(#"\u0035"#)),\(escaped(#"5\u0078"#))]")
            Issue.record("no error for pin id 5x")
        } catch let error as PinterestAPIError {
            #expect(error.description.contains("PIN_ID"), "\(error)")
            #expect(error.description.contains("not an id"), "\(error)")
        }
    }

    @Test func aFileThatCannotBeReadSaysWhy() throws {
        let directory = Fixture.temporaryDirectory()
        do {
            _ = try ReportFileParser(account: Self.account).parse(path: directory) { _ in }
            Issue.record("no error for a directory")
        } catch let error as PinterestAPIError {
            guard case let .reportFile(account, offset, message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(account == Self.account)
            #expect(offset == 0)
            #expect(message.contains("read error (Is a directory)"), "\(message)")
        }
    }
}
