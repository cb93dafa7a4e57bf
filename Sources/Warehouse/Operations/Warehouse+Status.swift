import PinterestModel

/// The questions `status`, `demo` and the bench ask of a warehouse.
extension Warehouse {
    /// The tables this program writes, in the order a summary lists them.
    public static let tables = [
        AdAccountRecord.tableName, CampaignRecord.tableName, AdGroupRecord.tableName, AdRecord.tableName,
        PinRecord.tableName, TargetingName.tableName, DeliveryRow.tableName, TargetingRow.tableName, RunRecord.tableName,
    ]

    /// A query to show a new user what the warehouse holds.
    public static let firstQuery = "SELECT * FROM pinterest_delivery_report LIMIT 10"

    /// Rows per table of `tables`.
    public func rowCounts() throws -> [TableRowCount] {
        try Self.tables.map { try TableRowCount(table: $0, rows: rowCount($0)) }
    }

    /// Rows in one table this program writes.
    public func rowCount<Row: WarehouseRow>(of _: Row.Type) throws -> Int { try rowCount(Row.tableName) }

    private func rowCount(_ table: String) throws -> Int {
        let rows = try select("SELECT COUNT(*) FROM \"\(table)\"")
        return try Self.number(rows.first?[0], "COUNT(*) of \(table)") as Int
    }

    /// Each account's newest delivery date and row count, by account id.
    public func deliveryFreshness() throws -> [DeliveryFreshness] {
        try select("""
            SELECT ad_account_id, MAX(date), COUNT(*) FROM pinterest_data_delivery
            GROUP BY ad_account_id ORDER BY ad_account_id
            """).map { row in
            DeliveryFreshness(adAccountId: try Self.required(row[0], "ad_account_id"),
                              newestDate: row[1].flatMap { Day(String($0.prefix(10))) },
                              rows: try Self.number(row[2], "COUNT(*)") as Int)
        }
    }

    /// Delivery totals per account, with the account's name and currency from the lookups.
    public func spendByAccount() throws -> [AccountSpend] {
        try select("""
            SELECT ad_account_id, ad_account_name, currency, SUM(spend_micro), SUM(impressions), SUM(clicks)
            FROM pinterest_delivery_report GROUP BY ad_account_id, ad_account_name, currency ORDER BY ad_account_id
            """).map { row in
            AccountSpend(adAccountId: try Self.required(row[0], "ad_account_id"), name: row[1], currency: row[2],
                         spendMicro: try Self.number(row[3], "spend") as Int64, impressions: try Self.number(row[4], "impressions") as Int64,
                         clicks: try Self.number(row[5], "clicks") as Int64)
        }
    }

    /// The newest `limit` lines of `pinterest_delivery_report`, largest spend first within a day.
    public func newestDeliveryReportLines(limit: Int) throws -> [DeliveryReportLine] {
        try select("""
            SELECT date, campaign_name, pin_promotion_name, spend_micro, impressions, clicks, ctr, cpc, roas
            FROM pinterest_delivery_report ORDER BY date DESC, spend_micro DESC, pin_promotion_id LIMIT $1
            """, [.integer(Int64(limit))]).map { row in
            let dateText = try Self.required(row[0], "date")
            guard let date = Day(String(dateText.prefix(10))) else { throw Self.unreadable("date", dateText) }
            return DeliveryReportLine(
                date: date, campaignName: row[1], adName: row[2],
                spendMicro: try Self.number(row[3], "spend_micro") as Int64,
                impressions: try Self.number(row[4], "impressions") as Int64,
                clicks: try Self.number(row[5], "clicks") as Int64,
                ctr: row[6].flatMap(Double.init), cpc: row[7].flatMap(Double.init), roas: row[8].flatMap(Double.init))
        }
    }

    // MARK: Reading values back

    /// A value the query always returns; its absence means the schema is not ours.
    static func required(_ value: String??, _ what: String) throws -> String {
        guard let value = value ?? nil else { throw unreadable(what, "NULL") }
        return value
    }

    static func number<Number: LosslessStringConvertible>(_ value: String??, _ what: String) throws -> Number {
        let text: String = try required(value, what)
        guard let number = Number(text) else { throw unreadable(what, text) }
        return number
    }

    static func unreadable(_ what: String, _ value: String) -> WarehouseError {
        .unexpectedValue(what: what, value: String(value.prefix(40)))
    }
}
