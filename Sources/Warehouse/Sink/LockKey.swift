/// PostgreSQL advisory lock keys: one namespace for this program, one key per job.
enum LockKey {
    /// "PETL" as a 32-bit integer.
    static let namespace: Int32 = 0x5045_544C
    static func key(for job: JobKind) -> Int32 {
        switch job {
        case .delivery: 1
        case .meta: 2
        }
    }
    /// Serializes schema migrations across processes.
    static let migrations: Int32 = 100
}
