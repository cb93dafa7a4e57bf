/// One ad on one day for one audience value: a row of Pinterest's `PIN_PROMOTION_TARGETING`/`DAY`
/// report (`pinterest_data_targeting`). The metrics are those of `DeliveryRow`; `pinId` is unused.
///
/// Targeting types and values are open sets: a type or value Pinterest adds later is kept as
/// the text it sends (a numeric value, such as a LOCATION code, as its decimal text).
public struct TargetingRow: Hashable, Sendable {
    /// Ids, date and metrics.
    public var metrics: DeliveryRow
    public var targetingType: String
    public var targetingValue: String

    public init(metrics: DeliveryRow, targetingType: String, targetingValue: String) {
        self.metrics = metrics
        self.targetingType = targetingType
        self.targetingValue = targetingValue
    }
}
