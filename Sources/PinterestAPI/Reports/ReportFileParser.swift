import Foundation
import PinterestModel

/// Reads a downloaded JSON report as a stream: a top-level object keyed by entity id (or date),
/// each value an array of row objects; a top-level array of rows is accepted too.
///
/// Memory is bounded by the read buffer and one row. Absent or null metrics are 0; ids are
/// kept as text; integer metrics must be exact non-negative integers.
struct ReportFileParser {
    let account: String
    let bufferSize: Int

    init(account: String, bufferSize: Int = 64 * 1024) {
        self.account = account
        self.bufferSize = bufferSize
    }

    private enum Column {
        case date, adAccount, campaign, adGroup, pinPromotion, adId, pin
        case metric(DeliveryMetric)
    }

    private static let columns: [String: Column] = {
        var map: [String: Column] = [
            "DATE": .date, "AD_ACCOUNT_ID": .adAccount, "CAMPAIGN_ID": .campaign, "AD_GROUP_ID": .adGroup,
            "PIN_PROMOTION_ID": .pinPromotion, "AD_ID": .adId, "PIN_ID": .pin,
        ]
        for metric in DeliveryMetric.allCases { map[metric.reportColumn] = .metric(metric) }
        return map
    }()

    /// Parses the file at `path`, calling `onRow` per row; returns the number of rows.
    func parse(path: String, onRow: (DeliveryRow) throws -> Void) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PinterestAPIError.reportFile(account: account, byteOffset: 0, problem: "cannot open the downloaded file")
        }
        defer { try? handle.close() }
        return try parse(ByteReader(handle: handle, bufferSize: bufferSize), onRow: onRow)
    }

    func parse(_ reader: ByteReader, onRow: (DeliveryRow) throws -> Void) throws -> Int {
        let parser = JSONParser(reader)
        do {
            if let first = try reader.peek(), first == 0x1F, reader.offset == 0 {
                throw PinterestAPIError.reportFile(account: account, byteOffset: 0,
                                                   problem: "the file is gzip-compressed, which this build cannot read")
            }
            var count = 0
            switch try parser.peekToken() {
            case UInt8(ascii: "{")?:
                try parser.expect(UInt8(ascii: "{"))
                if !(try parser.consumeIfNext(UInt8(ascii: "}"))) {
                    repeat {
                        let key = try parser.readString()
                        try parser.expect(UInt8(ascii: ":"))
                        count += try parseRows(parser, key: key, onRow: onRow)
                    } while try parser.nextSeparator(closer: UInt8(ascii: "}"))
                }
            case UInt8(ascii: "[")?:
                count += try parseRows(parser, key: nil, onRow: onRow)
            case nil:
                throw parser.fail("the file is empty")
            case let byte?:
                throw parser.fail("expected '{' at the start of the report, found '\(JSONParser.show(byte))'")
            }
            try parser.expectEnd()
            return count
        } catch let error as JSONSyntaxError {
            throw PinterestAPIError.reportFile(account: account, byteOffset: error.offset, problem: error.problem)
        } catch let error as CocoaError {
            throw PinterestAPIError.reportFile(account: account, byteOffset: reader.offset,
                                               problem: "read error (\(error.code.rawValue))")
        }
    }

    private func parseRows(_ parser: JSONParser, key: String?, onRow: (DeliveryRow) throws -> Void) throws -> Int {
        try parser.expect(UInt8(ascii: "["))
        if try parser.consumeIfNext(UInt8(ascii: "]")) { return 0 }
        var count = 0
        repeat {
            let row = try parseRow(parser, key: key)
            try onRow(row)
            count += 1
        } while try parser.nextSeparator(closer: UInt8(ascii: "]"))
        return count
    }

    private func parseRow(_ parser: JSONParser, key: String?) throws -> DeliveryRow {
        let rowOffset = parser.reader.offset
        try parser.expect(UInt8(ascii: "{"))
        var ids: [String: String] = [:]
        var dateText: String?
        var integers: [(DeliveryMetric, String)] = []
        var watchTime: String?
        if !(try parser.consumeIfNext(UInt8(ascii: "}"))) {
            repeat {
                let name = try parser.readString()
                try parser.expect(UInt8(ascii: ":"))
                let value = try parser.readValue()
                guard let column = Self.columns[name] else { continue }   // unrequested or unknown column
                let text: String?
                switch value {
                case .string(let s): text = s
                case .number(let s): text = s
                case .null: text = nil
                default: throw parser.fail("column \(name) holds \(value.typeName)")
                }
                guard let text else { continue }
                switch column {
                case .date: dateText = text
                case .adAccount: ids["AD_ACCOUNT_ID"] = text
                case .campaign: ids["CAMPAIGN_ID"] = text
                case .adGroup: ids["AD_GROUP_ID"] = text
                case .pinPromotion: ids["PIN_PROMOTION_ID"] = text
                case .adId: ids["AD_ID"] = text
                case .pin: ids["PIN_ID"] = text
                case .metric(let metric):
                    if metric.isFractional { watchTime = text } else { integers.append((metric, text)) }
                }
            } while try parser.nextSeparator(closer: UInt8(ascii: "}"))
        }

        let adId = ids["PIN_PROMOTION_ID"] ?? ids["AD_ID"] ?? key.flatMap { Day($0) == nil ? $0 : nil }
        func missing(_ column: String) -> PinterestAPIError {
            .reportFile(account: account, byteOffset: rowOffset,
                        problem: "row" + (adId.map { " of ad \($0)" } ?? "") + " lacks \(column)")
        }
        guard let adId else { throw missing("PIN_PROMOTION_ID") }
        for column in ["CAMPAIGN_ID", "AD_GROUP_ID", "PIN_ID"] where ids[column] == nil { throw missing(column) }
        guard let dateText else { throw missing("DATE") }
        guard let date = Day(dateText) else {
            throw PinterestAPIError.invalidMetric(account: account, column: "DATE", adId: adId, date: dateText,
                                                  value: dateText, problem: "not a YYYY-MM-DD date")
        }
        if let reported = ids["AD_ACCOUNT_ID"], reported != account {
            throw PinterestAPIError.reportFile(account: account, byteOffset: rowOffset,
                                               problem: "row of ad \(adId) belongs to ad account \(reported)")
        }
        for column in ["CAMPAIGN_ID", "AD_GROUP_ID", "PIN_ID"] {
            guard let id = ids[column], !id.isEmpty, id.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw PinterestAPIError.invalidMetric(account: account, column: column, adId: adId, date: dateText,
                                                      value: ids[column] ?? "", problem: "not an id")
            }
        }

        var row = DeliveryRow(date: date, adAccountId: account, campaignId: ids["CAMPAIGN_ID"]!,
                              adGroupId: ids["AD_GROUP_ID"]!, pinPromotionId: adId, pinId: ids["PIN_ID"]!)
        for (metric, text) in integers {
            do {
                row.setInteger(metric, try ExactNumber.nonNegativeInt64(text))
            } catch {
                let problem: String
                switch error {
                case .notANumber: problem = "not a number"
                case .notIntegral: problem = "not a whole number"
                case .negative: problem = "negative"
                case .overflow: problem = "too large for a 64-bit integer"
                }
                throw PinterestAPIError.invalidMetric(account: account, column: metric.reportColumn, adId: adId,
                                                      date: dateText, value: String(text.prefix(40)), problem: problem)
            }
        }
        if let watchTime {
            guard let seconds = Double(watchTime), seconds.isFinite, seconds >= 0 else {
                throw PinterestAPIError.invalidMetric(account: account, column: DeliveryMetric.videoAvgWatchSeconds.reportColumn,
                                                      adId: adId, date: dateText, value: String(watchTime.prefix(40)),
                                                      problem: "not a non-negative number")
            }
            row.videoAvgWatchSeconds = seconds
        }
        return row
    }
}
