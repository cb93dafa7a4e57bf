import PinterestModel
import Testing
@testable import Warehouse

/// The rows write their columns by hand, field by field: the order must be the tables' own.
@Suite struct ColumnOrderTests {
    /// A row whose every metric holds a value of its own (its position), so a swap shows.
    static func row() -> DeliveryRow {
        var row = DeliveryRow(date: Day("2026-11-15")!, adAccountId: "1", campaignId: "2", adGroupId: "3",
                              pinPromotionId: "4", pinId: "5")
        for (index, metric) in DeliveryMetric.allCases.enumerated() where !metric.isFractional {
            row.setInteger(metric, Int64(1_000 + index))
        }
        row.videoAvgWatchSeconds = 0.25
        return row
    }

    static func expectedMetrics(_ row: DeliveryRow) -> [SQLValue] {
        DeliveryMetric.allCases.map { $0.isFractional ? .double(row.videoAvgWatchSeconds) : .integer(row.integer($0)) }
    }

    @Test("a delivery row writes its metrics in DeliveryMetric order, after its date and ids")
    func deliveryOrder() {
        let row = Self.row()
        var values = SQLValueList()
        row.write(to: &values)
        #expect(values.values.count == DeliveryRow.columnNames.count)
        #expect(Array(values.values.prefix(6)) == [.text("2026-11-15"), .text("1"), .text("2"), .text("3"), .text("4"), .text("5")])
        #expect(Array(values.values.dropFirst(6)) == Self.expectedMetrics(row))
    }

    @Test("a breakdown row writes the same metrics in the same order, after its type and value")
    func targetingOrder() {
        let row = TargetingRow(metrics: Self.row(), targetingType: "AGE_BUCKET", targetingValue: "25-34")
        var values = SQLValueList()
        row.write(to: &values)
        #expect(values.values.count == TargetingRow.columnNames.count)
        #expect(Array(values.values[5...6]) == [.text("AGE_BUCKET"), .text("25-34")])
        #expect(Array(values.values.dropFirst(7)) == Self.expectedMetrics(row.metrics))
    }
}
