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
    /// A `*_TARGETING` report: rows carry `TARGETING_TYPE` and `TARGETING_VALUE` (required) and
    /// need no `PIN_ID`.
    let targeting: Bool
    /// Whether common rows are read straight from the read buffer (`scanRow`); off only in the
    /// test that checks both paths read every file alike.
    var fastPath = true

    init(account: String, bufferSize: Int = 64 * 1024, targeting: Bool = false) {
        self.account = account
        self.bufferSize = bufferSize
        self.targeting = targeting
    }

    /// One parsed row: its ids, date and metrics, and for a breakdown row its type and value.
    typealias Parsed = (row: DeliveryRow, targetingType: String?, targetingValue: String?)

    /// Parses the file at `path`, calling `onRow` per row; returns the number of rows. With
    /// `progress`, the file is still downloading and is followed to its end.
    func parse(path: String, progress: DownloadProgress? = nil, onRow: (DeliveryRow) throws -> Void) throws -> Int {
        try parseRows(path: path, progress: progress) { try onRow($0.row) }
    }

    func parse(_ reader: ByteReader, onRow: (DeliveryRow) throws -> Void) throws -> Int {
        try parseRows(reader) { try onRow($0.row) }
    }

    /// Parses a breakdown report at `path` (`targeting` must be set).
    func parseTargeting(path: String, progress: DownloadProgress? = nil, onRow: (TargetingRow) throws -> Void) throws -> Int {
        try parseRows(path: path, progress: progress) { parsed in
            try onRow(TargetingRow(metrics: parsed.row, targetingType: parsed.targetingType ?? "",
                                   targetingValue: parsed.targetingValue ?? ""))
        }
    }

    func parseRows(path: String, progress: DownloadProgress? = nil, onRow: (Parsed) throws -> Void) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PinterestAPIError.reportFile(account: account, byteOffset: 0, problem: "cannot open the downloaded file")
        }
        defer { try? handle.close() }
        return try parseRows(ByteReader(handle: handle, bufferSize: bufferSize, progress: progress), onRow: onRow)
    }

    func parseRows(_ reader: ByteReader, onRow: (Parsed) throws -> Void) throws -> Int {
        let parser = JSONParser(reader)
        var recent = RecentIds()
        let columns = ReportColumnTable.shared
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
                        count += try parseRows(parser, key: key, recent: &recent, columns: columns, onRow: onRow)
                    } while try parser.nextSeparator(closer: UInt8(ascii: "}"))
                }
            case UInt8(ascii: "[")?:
                count += try parseRows(parser, key: nil, recent: &recent, columns: columns, onRow: onRow)
            case nil:
                throw parser.fail("the file is empty")
            case let byte?:
                throw parser.fail("expected '{' at the start of the report, found '\(JSONParser.show(byte))'")
            }
            try parser.expectEnd()
            return count
        } catch let error as JSONSyntaxError {
            throw PinterestAPIError.reportFile(account: account, byteOffset: error.offset, problem: error.problem)
        } catch let error as ReadFailure {
            throw PinterestAPIError.reportFile(account: account, byteOffset: reader.offset,
                                               problem: "read error (\(error.description))")
        }
    }

    private func parseRows(_ parser: JSONParser, key: String?, recent: inout RecentIds, columns: ReportColumnTable,
                           onRow: (Parsed) throws -> Void) throws -> Int {
        try parser.expect(UInt8(ascii: "["))
        if try parser.consumeIfNext(UInt8(ascii: "]")) { return 0 }
        var count = 0
        repeat {
            let row = try parseRow(parser, key: key, recent: &recent, columns: columns)
            try onRow(row)
            count += 1
        } while try parser.nextSeparator(closer: UInt8(ascii: "]"))
        return count
    }

    /// What one row's members said, before the row is checked and built.
    private struct Fields {
        var row: DeliveryRow
        var reportedAccount: String?
        var pinPromotionId: String?
        var adIdColumn: String?
        var dateText: String?
        var watchTime: String?
        var targetingType: String?
        var targetingValue: String?
        /// Which of the campaign, ad group and pin ids hold more than digits (bits by slot).
        var nonDigitIds: UInt32 = 0
        /// The first bad metric, reported once the row's ad id and date are known.
        var badMetric: (column: String, value: String, problem: String)?

        init(account: String) {
            row = DeliveryRow(date: Day(daysSinceEpoch: 0), adAccountId: account, campaignId: "", adGroupId: "",
                              pinPromotionId: "", pinId: "")
        }

        /// An id column's text; whether it is all digits is judged once per new value, not per row.
        private mutating func id(_ slot: RecentIds.Slot, _ value: UnsafeBufferPointer<UInt8>,
                                 _ recent: inout RecentIds) -> String {
            let (text, digitsOnly) = recent.id(slot, value)
            let bit: UInt32 = 1 << slot.rawValue
            nonDigitIds = digitsOnly ? nonDigitIds & ~bit : nonDigitIds | bit
            return text
        }

        /// One member's value: a string's text or a number's literal digits, as Pinterest sent it.
        mutating func set(_ column: ReportColumn, _ value: UnsafeBufferPointer<UInt8>, recent: inout RecentIds) {
            switch column {
            case .date: dateText = String(decoding: value, as: UTF8.self)
            case .adAccount: reportedAccount = recent.text(.adAccount, value)
            case .campaign: row.campaignId = id(.campaign, value, &recent)
            case .adGroup: row.adGroupId = id(.adGroup, value, &recent)
            case .pinPromotion: pinPromotionId = recent.text(.pinPromotion, value)
            case .adId: adIdColumn = recent.text(.adId, value)
            case .pin: row.pinId = id(.pin, value, &recent)
            case .targetingType: targetingType = recent.text(.targetingType, value)
            case .targetingValue: targetingValue = String(decoding: value, as: UTF8.self)
            case .metric(let metric):
                if metric.isFractional {
                    watchTime = String(decoding: value, as: UTF8.self)
                } else if let plain = ReportFileParser.plainInteger(value) {
                    row.setInteger(metric, plain)
                } else if badMetric == nil {
                    let text = String(decoding: value, as: UTF8.self)
                    do {
                        row.setInteger(metric, try ExactNumber.nonNegativeInt64(text))
                    } catch {
                        badMetric = (metric.reportColumn, String(text.prefix(40)), ReportFileParser.describe(error))
                    }
                }
            }
        }
    }

    private func parseRow(_ parser: JSONParser, key: String?, recent: inout RecentIds, columns: ReportColumnTable) throws -> Parsed {
        let rowOffset = parser.reader.offset
        if fastPath, let fields = try parser.reader.withUnreadBytes({
            Self.scanRow($0, account: account, recent: &recent, columns: columns)
        }) {
            return try finish(fields, key: key, rowOffset: rowOffset)
        }
        try parser.expect(UInt8(ascii: "{"))
        var fields = Fields(account: account)
        if !(try parser.consumeIfNext(UInt8(ascii: "}"))) {
            var name: [UInt8] = []
            var value: [UInt8] = []
            name.reserveCapacity(64)
            value.reserveCapacity(64)
            repeat {
                try parser.readStringBytes(into: &name)
                try parser.expect(UInt8(ascii: ":"))
                let column = name.withUnsafeBufferPointer { columns.column(named: $0) }
                switch try parser.peekToken() {
                case UInt8(ascii: "\"")?: try parser.readStringBytes(into: &value)
                case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: try parser.readNumberBytes(into: &value)
                default:
                    // Skipped, not built: an unrequested column may hold any shape and size.
                    let kind = try parser.skipValue()
                    guard column != nil else { continue }   // unrequested column: any shape
                    guard kind == "null" else {
                        throw parser.fail("column \(String(decoding: name, as: UTF8.self)) holds \(kind)")
                    }
                    continue   // null: as if absent
                }
                guard let column else { continue }
                value.withUnsafeBufferPointer { fields.set(column, $0, recent: &recent) }
            } while try parser.nextSeparator(closer: UInt8(ascii: "}"))
        }
        return try finish(fields, key: key, rowOffset: rowOffset)
    }

    /// The common row read straight from the read buffer, without copying a name or a value:
    /// `{"NAME":"text" or digits[.digits], …}` with no escapes, no nulls, no nesting, wholly
    /// inside `bytes`. Returns the fields and the bytes consumed; nil for anything else, which
    /// the general path then reads from the same place (and reports, if it is an error).
    private static func scanRow(_ bytes: UnsafeBufferPointer<UInt8>, account: String,
                                recent: inout RecentIds, columns: ReportColumnTable) -> (Fields, Int)? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let count = bytes.count
        var index = 0
        @inline(__always) func skipSpace() {
            while index < count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }
        /// The run up to the closing quote (index at the opening one); nil on an escape, a
        /// control byte or the buffer's end.
        @inline(__always) func string() -> Range<Int>? {
            index += 1
            let start = index
            while index < count {
                let byte = bytes[index]
                if byte == quote { index += 1; return start..<(index - 1) }
                if byte == backslash || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }
        /// `0` or `[1-9][0-9]*`, optionally `.[0-9]+`: the numbers a report holds.
        @inline(__always) func number() -> Range<Int>? {
            let start = index
            while index < count, bytes[index] &- 48 < 10 { index += 1 }
            guard index > start, bytes[start] != 48 || index == start + 1 else { return nil }
            if index < count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fraction = index
                while index < count, bytes[index] &- 48 < 10 { index += 1 }
                guard index > fraction else { return nil }
            }
            guard index < count else { return nil }
            let next = bytes[index]
            guard next != UInt8(ascii: "e"), next != UInt8(ascii: "E") else { return nil }
            return start..<index
        }
        skipSpace()
        guard index < count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var fields = Fields(account: account)
        skipSpace()
        guard index < count else { return nil }
        if bytes[index] == UInt8(ascii: "}") { return (fields, index + 1) }
        while true {
            skipSpace()
            guard index < count, bytes[index] == quote, let name = string() else { return nil }
            skipSpace()
            guard index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            guard index < count else { return nil }
            let value: Range<Int>?
            switch bytes[index] {
            case quote: value = string()
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = number()
            default: return nil
            }
            guard let value else { return nil }
            if let column = columns.column(named: UnsafeBufferPointer(rebasing: bytes[name])) {
                fields.set(column, UnsafeBufferPointer(rebasing: bytes[value]), recent: &recent)
            }
            skipSpace()
            guard index < count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): return (fields, index + 1)
            default: return nil
            }
        }
    }

    /// Checks a row's fields and builds it: required columns, ids, the account, bad metrics.
    private func finish(_ fields: Fields, key: String?, rowOffset: Int64) throws -> Parsed {
        var row = fields.row
        let adId = fields.pinPromotionId ?? fields.adIdColumn ?? key.flatMap { Day($0) == nil ? $0 : nil }
        func missing(_ column: String) -> PinterestAPIError {
            .reportFile(account: account, byteOffset: rowOffset,
                        problem: "row" + (adId.map { " of ad \($0)" } ?? "") + " lacks \(column)")
        }
        guard let adId else { throw missing("PIN_PROMOTION_ID") }
        row.pinPromotionId = adId
        guard let dateText = fields.dateText else { throw missing("DATE") }
        guard let date = Day(dateText) else {
            throw PinterestAPIError.invalidMetric(account: account, column: "DATE", adId: adId, date: dateText,
                                                  value: String(dateText.prefix(40)), problem: "not a YYYY-MM-DD date")
        }
        row.date = date
        if let reportedAccount = fields.reportedAccount, reportedAccount != account {
            throw PinterestAPIError.reportFile(account: account, byteOffset: rowOffset,
                                               problem: "row of ad \(adId) belongs to ad account \(reportedAccount)")
        }
        if targeting {
            guard let targetingType = fields.targetingType, !targetingType.isEmpty else { throw missing("TARGETING_TYPE") }
            guard fields.targetingValue != nil else { throw missing("TARGETING_VALUE") }
        }
        func check(_ id: String, _ column: String, _ slot: RecentIds.Slot) throws {
            guard !id.isEmpty else { throw missing(column) }
            guard fields.nonDigitIds & (1 << slot.rawValue) == 0 else {
                throw PinterestAPIError.invalidMetric(account: account, column: column, adId: adId, date: dateText,
                                                      value: String(id.prefix(40)), problem: "not an id")
            }
        }
        try check(row.campaignId, "CAMPAIGN_ID", .campaign)
        try check(row.adGroupId, "AD_GROUP_ID", .adGroup)
        if !targeting { try check(row.pinId, "PIN_ID", .pin) }
        if let badMetric = fields.badMetric {
            throw PinterestAPIError.invalidMetric(account: account, column: badMetric.column, adId: adId,
                                                  date: dateText, value: badMetric.value, problem: badMetric.problem)
        }
        if let watchTime = fields.watchTime {
            guard let seconds = Double(watchTime), seconds.isFinite, seconds >= 0 else {
                throw PinterestAPIError.invalidMetric(account: account, column: DeliveryMetric.videoAvgWatchSeconds.reportColumn,
                                                      adId: adId, date: dateText, value: String(watchTime.prefix(40)),
                                                      problem: "not a non-negative number")
            }
            row.videoAvgWatchSeconds = seconds
        }
        return (row, fields.targetingType, fields.targetingValue)
    }

    /// Digits only, fitting Int64: the common case, without building a String.
    @inline(__always)
    fileprivate static func plainInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    fileprivate static func describe(_ problem: ExactNumber.Problem) -> String {
        switch problem {
        case .notANumber: return "not a number"
        case .notIntegral: return "not a whole number"
        case .negative: return "negative"
        case .overflow: return "too large for a 64-bit integer"
        }
    }
}

/// The last value of each id column and its String. A report lists each ad's days together, so
/// consecutive rows repeat their ids: handing out the same String again (a retain) instead of
/// decoding and allocating a new one per column per row is a measurable part of parsing.
private struct RecentIds {
    enum Slot: Int, CaseIterable { case adAccount, campaign, adGroup, pinPromotion, adId, pin, targetingType }
    private var bytes = [[UInt8]](repeating: [], count: Slot.allCases.count)
    private var texts = [String](repeating: "", count: Slot.allCases.count)
    private var digitsOnly = [Bool](repeating: false, count: Slot.allCases.count)

    mutating func text(_ slot: Slot, _ value: UnsafeBufferPointer<UInt8>) -> String {
        id(slot, value).text
    }

    /// The text, and whether it is all ASCII digits (and not empty), as an id must be.
    mutating func id(_ slot: Slot, _ value: UnsafeBufferPointer<UInt8>) -> (text: String, digitsOnly: Bool) {
        let index = slot.rawValue
        if !Bytes.equal(bytes[index], value) {
            bytes[index] = Array(value)
            texts[index] = String(decoding: value, as: UTF8.self)
            digitsOnly[index] = !value.isEmpty && value.allSatisfy { $0 &- 48 < 10 }
        }
        return (texts[index], digitsOnly[index])
    }
}

/// Byte-string equality through `memcmp`: the generic `elementsEqual` goes byte by byte.
private enum Bytes {
    @inline(__always)
    static func equal(_ stored: [UInt8], _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == other.count else { return false }
        guard let base = other.baseAddress, !stored.isEmpty else { return true }
        return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, other.count) == 0 }
    }
}
