import PinterestModel

extension TargetingRow: WarehouseRow {
    public static let tableName = "pinterest_data_targeting"
    public static let stampColumns = DeliveryRow.stampColumns

    public static let columnNames: [String] =
        ["date", "ad_account_id", "campaign_id", "ad_group_id", "pin_promotion_id", "targeting_type", "targeting_value"]
        + DeliveryMetric.allCases.map(\.columnName)

    public var keyDescription: String {
        "ad account \(metrics.adAccountId), ad \(metrics.pinPromotionId), date \(metrics.date), \(targetingType) \(targetingValue)"
    }

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(metrics.date)
        writer.write(metrics.adAccountId)
        writer.write(metrics.campaignId)
        writer.write(metrics.adGroupId)
        writer.write(metrics.pinPromotionId)
        writer.write(targetingType)
        writer.write(targetingValue)
        metrics.writeMetrics(to: &writer)
    }
}
