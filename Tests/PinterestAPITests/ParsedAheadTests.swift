import Foundation
import Testing
@testable import PinterestAPI
import PinterestModel

/// `forEachRowParsedAhead` hands over exactly what `forEachRow` does, in order, with the same
/// errors, and stops its parser when the caller fails.
@Suite struct ParsedAheadTests {
    static let account = ReportFileParserTests.account

    /// A report of `ads` ads × `days` days, written to a temp file.
    static func report(ads: Int, days: Int, damagedTail: Bool = false) throws -> DeliveryReportFile {
        var text = "{"
        for ad in 0..<ads {
            let id = String(687_000_000_000_000_000 + ad)
            text += (ad == 0 ? "" : ",") + "\"\(id)\":["
            text += (0..<days).map { day in
                ReportFileParserTests.row(#","IMPRESSION_1":\#(ad * 100 + day)"#, ad: id)
                    .replacingOccurrences(of: "2025-11-01", with: Day(year: 2025, month: 11, day: 1)!.adding(days: day).description)
            }.joined(separator: ",")
            text += "]"
        }
        text += damagedTail ? ",\"9\":[{\"DATE\":" : "}"
        return DeliveryReportFile(path: try ReportFileParserTests.write(text), account: account)
    }

    @Test func sameRowsInTheSameOrder() throws {
        let file = try Self.report(ads: 37, days: 29)
        var plain: [DeliveryRow] = []
        let plainCount = try file.forEachRow { plain.append($0) }
        var ahead: [DeliveryRow] = []
        let aheadCount = try file.forEachRowParsedAhead(batchSize: 16, depth: 2) { ahead.append($0) }
        #expect(plainCount == 37 * 29 && aheadCount == plainCount)
        #expect(ahead == plain)
    }

    @Test func damagedFileDeliversTheGoodRowsThenThrows() throws {
        let file = try Self.report(ads: 5, days: 10, damagedTail: true)
        var seen = 0
        #expect(throws: PinterestAPIError.self) { try file.forEachRowParsedAhead(batchSize: 7) { _ in seen += 1 } }
        #expect(seen == 50)
    }

    @Test func callerErrorStopsTheParser() throws {
        struct Stop: Error {}
        let file = try Self.report(ads: 200, days: 20)
        var seen = 0
        #expect(throws: Stop.self) {
            try file.forEachRowParsedAhead(batchSize: 8, depth: 2) { _ in
                seen += 1
                if seen == 100 { throw Stop() }
            }
        }
        #expect(seen == 100)
        // The parser has let go of the file: it can be removed and read again.
        #expect(try file.forEachRowParsedAhead { _ in } == 4_000)
    }
}
