/// PostgreSQL advisory lock keys.
enum LockKey {
    /// "PETL" as a 32-bit integer: the first key of this program's two-key locks.
    static let namespace: Int32 = 0x5045_544C
    /// Serializes schema migrations across processes (with `namespace`).
    static let migrations: Int32 = 100

    /// The one-key (bigint) lock of `account` in `job`: a 64-bit FNV-1a hash of both, the same
    /// on every machine (Swift's `Hasher` is seeded per process, so it cannot serve). With a
    /// thousand accounts the chance that two share a key is about 3 in 10^14, and then they are
    /// merely loaded one after the other.
    static func account(_ account: String, job: JobKind) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "pinterest-etl/\(job.rawValue)/\(account)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
