/// The two jobs; each holds its own lock per warehouse.
public enum JobKind: String, Sendable, CaseIterable {
    case delivery
    case meta
}
