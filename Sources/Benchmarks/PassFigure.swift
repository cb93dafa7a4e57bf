/// A measurement taken over several passes, of which the best counts.
protocol PassFigure {
    static func best(_ a: Self, _ b: Self) -> Self
}

extension LoadFigure: PassFigure {}
extension ImportFigure: PassFigure {}

/// The small account's meta and delivery, by the connector or the naive script: what it stored
/// and took, less the wait for the report to be built.
struct SmallAccountFigure: PassFigure {
    let rows: Int
    let seconds, reportWaitSeconds: Double
    var ownSeconds: Double { max(seconds - reportWaitSeconds, 0.001) }

    static func best(_ a: SmallAccountFigure, _ b: SmallAccountFigure) -> SmallAccountFigure {
        a.ownSeconds <= b.ownSeconds ? a : b
    }
}
