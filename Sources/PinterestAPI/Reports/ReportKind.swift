/// Which async report: one row per ad per day, or per ad per day per audience value.
public enum ReportKind: Sendable, Equatable, CustomStringConvertible {
    case delivery
    /// At most `TargetingTypes.maxPerReport` types.
    case targeting([String])

    /// The report's `level`.
    public var level: String {
        switch self {
        case .delivery: "PIN_PROMOTION"
        case .targeting: "PIN_PROMOTION_TARGETING"
        }
    }

    var targetingTypes: [String]? {
        if case .targeting(let types) = self { return types }
        return nil
    }

    public var description: String {
        switch self {
        case .delivery: "delivery report"
        case .targeting(let types): "breakdown report (\(types.joined(separator: ", ")))"
        }
    }
}
