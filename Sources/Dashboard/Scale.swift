/// A linear axis from zero (every figure on the dashboard is non-negative) to a "nice" maximum,
/// with round tick values: 0, 250, 500, … rather than 0, 213.7, 427.4.
struct Scale: Equatable {
    let maximum: Double
    let ticks: [Double]

    /// `values` may be empty, hold a single value, or be all zero: the axis still has a range.
    init(covering values: [Double], tickCount: Int = 4) {
        let largest = values.filter { $0.isFinite }.max() ?? 0
        let step = Self.niceStep(max(largest, 0) / Double(max(tickCount, 1)))
        let top = max(step, (max(largest, 0) / step).rounded(.up) * step)
        maximum = top
        ticks = stride(from: 0, through: top + step / 2, by: step).map { $0 }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `raw` (and at least 1 for an empty axis).
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * power >= raw { return factor * power }
        return 10 * power
    }

    /// Where `value` falls on a pixel range of `length`, 0 at the bottom.
    func position(_ value: Double, length: Double) -> Double {
        guard maximum > 0, value.isFinite else { return 0 }
        return min(max(value, 0), maximum) / maximum * length
    }
}
