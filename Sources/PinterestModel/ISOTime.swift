/// ISO-8601 text of an instant in UTC, written by hand: a Foundation formatter costs ICU setup
/// per instance, and the warehouse (every run record) and the simulator (every pin) write many.
public enum ISOTime {
    /// `2026-11-01T08:05:09Z`, as `ISO8601DateFormatter` writes it; with `milliseconds` (0–999),
    /// `2026-11-01T08:05:09.042Z`.
    public static func text(unixSeconds seconds: Int64, milliseconds: Int? = nil) -> String {
        let day = Day(unixSeconds: seconds)
        let secondOfDay = Int(seconds - Int64(day.daysSinceEpoch) * 86_400)
        var text = "\(day)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if let milliseconds { text += "." + pad(milliseconds, 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
