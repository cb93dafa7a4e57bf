import Foundation
import PinterestModel

/// A column of a delivery or breakdown report that pinterest-etl reads.
enum ReportColumn: Equatable {
    case date, adAccount, campaign, adGroup, pinPromotion, adId, pin, targetingType, targetingValue
    case metric(DeliveryMetric)

    /// Every column by its name in the report file.
    static let byName: [String: ReportColumn] = {
        var map: [String: ReportColumn] = [
            "DATE": .date, "AD_ACCOUNT_ID": .adAccount, "CAMPAIGN_ID": .campaign, "AD_GROUP_ID": .adGroup,
            "PIN_PROMOTION_ID": .pinPromotion, "AD_ID": .adId, "PIN_ID": .pin,
            "TARGETING_TYPE": .targetingType, "TARGETING_VALUE": .targetingValue,
        ]
        for metric in DeliveryMetric.allCases { map[metric.reportColumn] = .metric(metric) }
        return map
    }()
}

/// Finds a member name's column straight from the file's bytes, without building a String:
/// every member of every row is looked up, so this is one hash of four of its bytes and one
/// `memcmp`, in an open-addressed table built once.
struct ReportColumnTable: Sendable {
    private struct Entry: Sendable {
        let start: Int
        let count: Int
        let column: ReportColumn
    }

    static let shared = ReportColumnTable(ReportColumn.byName)

    /// The names, one after another; entries point into it.
    private let names: [UInt8]
    private let entries: [Entry]
    /// Entry index + 1 by hash slot; 0 is empty. At most a quarter full, so probes stay short.
    private let slots: [Int32]
    private let mask: Int

    init(_ columns: [String: ReportColumn]) {
        var names: [UInt8] = []
        var entries: [Entry] = []
        var size = 16
        while size < columns.count * 4 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        // Sorted, so the table is the same on every run.
        for (name, column) in columns.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(name.utf8)
            entries.append(Entry(start: names.count, count: bytes.count, column: column))
            names.append(contentsOf: bytes)
            var slot = bytes.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(entries.count)
        }
        self.names = names
        self.entries = entries
        self.slots = slots
        self.mask = size - 1
    }

    func column(named name: UnsafeBufferPointer<UInt8>) -> ReportColumn? {
        guard let base = name.baseAddress, !name.isEmpty else { return nil }
        var slot = Self.hash(name) & mask
        return names.withUnsafeBufferPointer { stored in
            while true {
                let index = Int(slots[slot])
                if index == 0 { return nil }
                let entry = entries[index - 1]
                if entry.count == name.count, memcmp(stored.baseAddress! + entry.start, base, entry.count) == 0 {
                    return entry.column
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The length and the first, middle and last two bytes: enough to tell the report's column
    /// names apart (`IMPRESSION_1` from `IMPRESSION_2`), and cheap.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        var value = UInt64(count)
        value = value &* 31 &+ UInt64(bytes[0])
        value = value &* 31 &+ UInt64(bytes[count / 2])
        value = value &* 31 &+ UInt64(bytes[count - 1])
        value = value &* 31 &+ UInt64(bytes[max(0, count - 2)])
        return Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> 40)
    }
}
