import PinterestModel

/// The questions the dashboard (`report`) asks. Every figure is a sum in SQL over the scope;
/// ratios are left to the page, computed from these sums. Rows are summed first and names joined
/// to the sums afterwards: a 900-day account has millions of rows but few campaigns and ads.
extension Warehouse {
    /// The newest loaded date of the accounts (all when nil).
    public func newestDeliveryDate(accounts: [String]?) throws -> Day? {
        var parameters: [SQLValue] = []
        let filter = Self.accountFilter("ad_account_id", accounts, &parameters, prefix: "WHERE")
        let rows = try select("SELECT MAX(date) FROM pinterest_data_delivery \(filter)", parameters)
        return rows.first?[0].flatMap { Day(String($0.prefix(10))) }
    }

    /// Totals per currency (one entry per currency of the accounts in scope).
    public func deliveryTotals(_ scope: DashboardScope) throws -> [DeliveryTotals] {
        try select("""
            SELECT a.currency, SUM(s.spend), SUM(s.impressions), SUM(s.clicks), SUM(s.saves), SUM(s.conversions), SUM(s.checkout)
            FROM (SELECT d.ad_account_id, SUM(d.spend_micro) AS spend, SUM(d.impressions) AS impressions, SUM(d.clicks) AS clicks,
                         SUM(d.saves) AS saves, SUM(d.conversions) AS conversions, SUM(d.checkout_value_micro) AS checkout
                  FROM pinterest_data_delivery AS d \(scopeFilter(scope, alias: "d")) GROUP BY d.ad_account_id) AS s
            LEFT JOIN pinterest_meta_adaccount AS a ON a.id = s.ad_account_id
            GROUP BY a.currency ORDER BY a.currency
            """, parameters(scope)).map { row in
            DeliveryTotals(currency: row[0], spendMicro: try Self.number(row[1], "spend"), impressions: try Self.number(row[2], "impressions"),
                           clicks: try Self.number(row[3], "clicks"), saves: try Self.number(row[4], "saves"),
                           conversions: try Self.number(row[5], "conversions"), checkoutValueMicro: try Self.number(row[6], "checkout value"))
        }
    }

    /// One row per day with delivery, oldest first.
    public func dailyDelivery(_ scope: DashboardScope) throws -> [DailyDelivery] {
        try select("""
            SELECT d.date, SUM(d.spend_micro), SUM(d.impressions), SUM(d.clicks) FROM pinterest_data_delivery AS d
            \(scopeFilter(scope, alias: "d")) GROUP BY d.date ORDER BY d.date
            """, parameters(scope)).map { row in
            let text = try Self.required(row[0], "date")
            guard let date = Day(String(text.prefix(10))) else { throw Self.unreadable("date", text) }
            return DailyDelivery(date: date, spendMicro: try Self.number(row[1], "spend"),
                                 impressions: try Self.number(row[2], "impressions"), clicks: try Self.number(row[3], "clicks"))
        }
    }

    /// Every campaign with delivery in scope, most spend first (a campaign without a name shows its id).
    public func campaignSpend(_ scope: DashboardScope) throws -> [SpendRank] {
        try ranks("""
            SELECT COALESCE(c.name, s.campaign_id), a.currency, s.spend, s.impressions, s.clicks, NULL, NULL
            FROM (SELECT d.ad_account_id, d.campaign_id, SUM(d.spend_micro) AS spend, SUM(d.impressions) AS impressions,
                         SUM(d.clicks) AS clicks
                  FROM pinterest_data_delivery AS d \(scopeFilter(scope, alias: "d")) GROUP BY d.ad_account_id, d.campaign_id) AS s
            LEFT JOIN pinterest_meta_campaign AS c ON c.ad_account_id = s.ad_account_id AND c.id = s.campaign_id
            LEFT JOIN pinterest_meta_adaccount AS a ON a.id = s.ad_account_id
            ORDER BY s.spend DESC, s.campaign_id
            """, parameters(scope))
    }

    /// The `limit` ads with the most spend, with their creative's title and image.
    public func topAds(_ scope: DashboardScope, limit: Int) throws -> [SpendRank] {
        var parameters = parameters(scope)
        parameters.append(.integer(Int64(limit)))
        return try ranks("""
            SELECT COALESCE(p.name, s.pin_promotion_id), a.currency, s.spend, s.impressions, s.clicks, pin.title, pin.image_url
            FROM (SELECT d.ad_account_id, d.pin_promotion_id, MAX(d.pin_id) AS pin_id, SUM(d.spend_micro) AS spend,
                         SUM(d.impressions) AS impressions, SUM(d.clicks) AS clicks
                  FROM pinterest_data_delivery AS d \(scopeFilter(scope, alias: "d"))
                  GROUP BY d.ad_account_id, d.pin_promotion_id
                  ORDER BY SUM(d.spend_micro) DESC, d.pin_promotion_id LIMIT $\(parameters.count)) AS s
            LEFT JOIN pinterest_meta_pinpromotion AS p ON p.ad_account_id = s.ad_account_id AND p.id = s.pin_promotion_id
            LEFT JOIN pinterest_meta_pin AS pin ON pin.ad_account_id = s.ad_account_id AND pin.id = s.pin_id
            LEFT JOIN pinterest_meta_adaccount AS a ON a.id = s.ad_account_id
            ORDER BY s.spend DESC, s.pin_promotion_id
            """, parameters)
    }

    /// One targeting type's values in scope, most spend first, named (else the code), summed
    /// over the accounts in scope (whatever their currency).
    public func breakdownSpend(_ scope: DashboardScope, type: String) throws -> [SpendRank] {
        var parameters = parameters(scope)
        parameters.append(.text(type))
        return try ranks("""
            SELECT COALESCE(n.name, s.targeting_value), NULL, s.spend, s.impressions, s.clicks, NULL, NULL
            FROM (SELECT t.targeting_type, t.targeting_value, SUM(t.spend_micro) AS spend, SUM(t.impressions) AS impressions,
                         SUM(t.clicks) AS clicks
                  FROM pinterest_data_targeting AS t
                  \(scopeFilter(scope, alias: "t")) AND t.targeting_type = $\(parameters.count)
                  GROUP BY t.targeting_type, t.targeting_value) AS s
            LEFT JOIN pinterest_meta_targeting AS n ON n.targeting_type = s.targeting_type AND n.code = s.targeting_value
            ORDER BY s.spend DESC, s.targeting_value
            """, parameters)
    }

    /// Per account (those in scope, or every one known): newest date, last successful delivery
    /// run, and how many runs failed.
    public func accountActivity(accounts: [String]?) throws -> [AccountActivity] {
        var parameters: [SQLValue] = []
        let filter = Self.accountFilter("k.ad_account_id", accounts, &parameters, prefix: "WHERE")
        return try select("""
            SELECT k.ad_account_id, a.name,
                   (SELECT MAX(date) FROM pinterest_data_delivery AS d WHERE d.ad_account_id = k.ad_account_id),
                   (SELECT MAX(\(epochMilliseconds("r.finished_at"))) FROM etl_runs AS r
                    WHERE r.ad_account_id = k.ad_account_id AND r.job = 'delivery' AND r.status = 'succeeded'),
                   (SELECT COUNT(*) FROM etl_runs AS f WHERE f.ad_account_id = k.ad_account_id AND f.status = 'failed')
            FROM (SELECT ad_account_id FROM etl_runs UNION SELECT ad_account_id FROM pinterest_data_delivery) AS k
            LEFT JOIN pinterest_meta_adaccount AS a ON a.id = k.ad_account_id
            \(filter) ORDER BY k.ad_account_id
            """, parameters).map { row in
            AccountActivity(adAccountId: try Self.required(row[0], "ad_account_id"), name: row[1],
                            newestDate: row[2].flatMap { Day(String($0.prefix(10))) },
                            lastSuccess: try row[3].map { Timestamp(millisecondsSinceEpoch: try Self.number($0, "finished_at")) },
                            failedRuns: try Self.number(row[4], "failed runs"))
        }
    }

    // MARK: Building the queries

    private func ranks(_ sql: String, _ parameters: [SQLValue]) throws -> [SpendRank] {
        try select(sql, parameters).map { row in
            SpendRank(name: row[0] ?? "", currency: row[1], spendMicro: try Self.number(row[2], "spend"),
                      impressions: try Self.number(row[3], "impressions"), clicks: try Self.number(row[4], "clicks"),
                      detail: row[5], imageURL: row[6])
        }
    }

    /// `WHERE alias.date BETWEEN $1 AND $2 [AND alias.ad_account_id IN (…)]`, with `parameters(scope)`.
    private func scopeFilter(_ scope: DashboardScope, alias: String) -> String {
        var unused: [SQLValue] = [.null, .null]
        return "WHERE \(alias).date >= $1 AND \(alias).date <= $2"
            + Self.accountFilter("\(alias).ad_account_id", scope.accounts, &unused, prefix: " AND")
    }

    private func parameters(_ scope: DashboardScope) -> [SQLValue] {
        [.text(scope.window.first.description), .text(scope.window.last.description)] + (scope.accounts ?? []).map(SQLValue.text)
    }

    /// `prefix column IN ($n, …)` for the accounts, appending them to `parameters`; "" for all.
    private static func accountFilter(_ column: String, _ accounts: [String]?, _ parameters: inout [SQLValue], prefix: String) -> String {
        guard let accounts, !accounts.isEmpty else { return "" }
        let first = parameters.count + 1
        parameters += accounts.map(SQLValue.text)
        return "\(prefix) \(column) IN (" + (first..<first + accounts.count).map { "$\($0)" }.joined(separator: ", ") + ")"
    }
}
