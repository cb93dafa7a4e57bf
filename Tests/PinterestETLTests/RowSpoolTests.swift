import Foundation
@testable import PinterestETL
import PinterestModel
import Testing

@Suite("Row spool")
struct RowSpoolTests {
    static func ads(_ range: Range<Int>) -> [AdRecord] {
        range.map { index in
            var ad = AdRecord(id: String(687_000_000_000_000_000 + index), adAccountId: "549755885175",
                              campaignId: "626", adGroupId: "268")
            ad.name = "Ad #\(index) \"quoted\"\t\n😀"
            ad.trackingUrls = #"{"impression":["https://x/\#(index)"]}"#
            return ad
        }
    }

    @Test("a small spool stays in memory; every row comes back in order")
    func inMemory() throws {
        let spool = RowSpool<AdRecord>(memoryLimit: 100)
        try spool.append(contentsOf: Self.ads(0..<40))
        try spool.append(contentsOf: Self.ads(40..<90))
        #expect(spool.spillPath == nil)
        var back: [AdRecord] = []
        try spool.forEach { back.append($0) }
        #expect(back == Self.ads(0..<90))
        #expect(spool.count == 90)
    }

    @Test("past its limit a spool moves to a temporary file, keeps every field and the order, and removes the file")
    func spillsToDisk() throws {
        var path: String?
        do {
            let spool = RowSpool<AdRecord>(memoryLimit: 250)
            for page in stride(from: 0, to: 3_000, by: 250) { try spool.append(contentsOf: Self.ads(page..<page + 250)) }
            path = spool.spillPath
            #expect(path.map(FileManager.default.fileExists(atPath:)) == true)
            var index = 0
            try spool.forEach { ad in
                #expect(ad == Self.ads(index..<index + 1)[0])
                index += 1
            }
            #expect(index == 3_000 && spool.count == 3_000)
            // Read twice: the file is not consumed.
            var again = 0
            try spool.forEach { _ in again += 1 }
            #expect(again == 3_000)
        }
        let spilled = try #require(path)
        #expect(!FileManager.default.fileExists(atPath: spilled))
    }
}
