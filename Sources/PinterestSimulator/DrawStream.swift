import PinterestModel

/// Stateless, seedable pseudo-randomness: every generated value is a pure function of
/// (seed, purpose, account, entity, day), so any entity or ad-day can be produced on demand
/// without storing or replaying anything. SplitMix64's finalizer gives good avalanche.
@inline(__always)
func mix64(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }

@inline(__always)
func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0, _ d: UInt64 = 0, _ e: UInt64 = 0) -> UInt64 {
    mix64(mix64(mix64(mix64(mix64(a) ^ b) ^ c) ^ d) ^ e)
}

/// A small deterministic stream derived from one hash, for drawing several values in a row.
struct DrawStream {
    private var state: UInt64
    init(_ seed: UInt64) { state = seed }

    /// A value in `0..<bound` (bound > 0).
    mutating func next(_ bound: UInt64) -> UInt64 {
        state = mix64(state)
        return state % bound
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next(UInt64(range.upperBound - range.lowerBound + 1)))
    }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next(UInt64(values.count)))] }

    mutating func chance(_ percent: UInt64) -> Bool { next(100) < percent }
}
