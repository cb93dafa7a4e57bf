import Foundation
import PinterestModel

/// An instant in UTC with millisecond precision, written as ISO-8601 (`2026-11-22T05:00:00.000Z`),
/// which SQLite's date functions and PostgreSQL's `timestamptz` both read.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }
    public init(unixSeconds: Int64) { self.millisecondsSinceEpoch = unixSeconds * 1000 }
    public init(_ date: Date) { self.millisecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    public var description: String {
        let ms = millisecondsSinceEpoch
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        return ISOTime.text(unixSeconds: seconds, milliseconds: Int(ms - seconds * 1000))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}
