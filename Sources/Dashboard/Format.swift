import Foundation

/// Numbers as people read them. Money stays integer micro-units until here.
enum Format {
    /// 1234567 → "1,234,567".
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Micro-units as "1,234.56 USD", exactly (integer arithmetic, cents rounded down).
    static func money(_ micro: Int64, currency: String?) -> String {
        let cents = micro.magnitude % 1_000_000 / 10_000
        let whole = integer(Int64(micro.magnitude / 1_000_000))
        return "\(micro < 0 ? "-" : "")\(whole).\(cents < 10 ? "0" : "")\(cents)" + (currency.map { " \($0)" } ?? "")
    }

    static func percent(_ part: Int64, of whole: Int64) -> String {
        whole > 0 ? String(format: "%.2f%%", Double(part) / Double(whole) * 100) : "—"
    }

    /// A money ratio in currency units (micro × times / count / 1e6), in Double so no large
    /// spend overflows; "—" when the count is 0.
    static func ratio(micro: Int64, per count: Int64, times: Double = 1) -> String {
        count > 0 ? String(format: "%.2f", Double(micro) * times / Double(count) / 1e6) : "—"
    }

    static func multiple(_ numerator: Int64, over denominator: Int64) -> String {
        denominator > 0 ? String(format: "%.2f×", Double(numerator) / Double(denominator)) : "—"
    }

    /// 1234.5 → "1.2k", for chart labels.
    static func compact(_ value: Double) -> String {
        switch abs(value) {
        case 1e6...: String(format: "%.1fM", value / 1e6)
        case 1e4...: String(format: "%.0fk", value / 1e3)
        case 1e3...: String(format: "%.1fk", value / 1e3)
        default: value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
        }
    }
}
