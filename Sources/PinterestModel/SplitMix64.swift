/// SplitMix64: small, fast, and the same numbers on every machine for the same seed. The
/// simulator derives every value from it, the bench its synthetic rows, the fuzz tests their inputs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        let value = Self.mix(state)
        state &+= 0x9E37_79B9_7F4A_7C15
        return value
    }

    /// The generator's output for state `value`: a stateless hash with good avalanche.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
