import PinterestModel

extension DeliveryRow: WarehouseRow {
    public static let tableName = "pinterest_data_delivery"
    public static let stampColumns = ["run_id", "loaded_at"]

    public static let columnNames: [String] =
        ["date", "ad_account_id", "campaign_id", "ad_group_id", "pin_promotion_id", "pin_id"]
        + DeliveryMetric.allCases.map(\.columnName)

    public var keyDescription: String { "ad account \(adAccountId), ad \(pinPromotionId), date \(date)" }

    public func write<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(date)
        writer.write(adAccountId)
        writer.write(campaignId)
        writer.write(adGroupId)
        writer.write(pinPromotionId)
        writer.write(pinId)
        writeMetrics(to: &writer)
    }

    /// The metric columns, in `DeliveryMetric` order (shared with the breakdown rows). Written
    /// out field by field, not by looping over `allCases` through `integer(_:)`: this runs for
    /// every row of every load, and the loop's switch per column showed in the inserting thread's
    /// profile. A test checks the order against `DeliveryMetric.allCases`.
    @inline(__always)
    func writeMetrics<Writer: ColumnWriter>(to writer: inout Writer) {
        writer.write(spendMicro)
        writer.write(impressions)
        writer.write(earnedImpressions)
        writer.write(clicks)
        writer.write(earnedClicks)
        writer.write(outboundClicks)
        writer.write(earnedOutboundClicks)
        writer.write(engagements)
        writer.write(earnedEngagements)
        writer.write(saves)
        writer.write(earnedSaves)
        writer.write(videoViews)
        writer.write(videoMrcViews)
        writer.write(videoStarts)
        writer.write(videoP25)
        writer.write(videoP50)
        writer.write(videoP75)
        writer.write(videoP95)
        writer.write(videoCompletes)
        writer.write(videoAvgWatchSeconds)
        writer.write(conversions)
        writer.write(checkouts)
        writer.write(checkoutValueMicro)
        writer.write(pageVisits)
        writer.write(addToCarts)
        writer.write(leads)
        writer.write(signups)
        writer.write(webSessions)
    }
}

extension DeliveryMetric {
    /// The `pinterest_data_delivery` column (as the README documents it).
    public var columnName: String {
        switch self {
        case .spendMicro: "spend_micro"
        case .impressions: "impressions"
        case .earnedImpressions: "earned_impressions"
        case .clicks: "clicks"
        case .earnedClicks: "earned_clicks"
        case .outboundClicks: "outbound_clicks"
        case .earnedOutboundClicks: "earned_outbound_clicks"
        case .engagements: "engagements"
        case .earnedEngagements: "earned_engagements"
        case .saves: "saves"
        case .earnedSaves: "earned_saves"
        case .videoViews: "video_views"
        case .videoMrcViews: "video_mrc_views"
        case .videoStarts: "video_starts"
        case .videoP25: "video_p25"
        case .videoP50: "video_p50"
        case .videoP75: "video_p75"
        case .videoP95: "video_p95"
        case .videoCompletes: "video_completes"
        case .videoAvgWatchSeconds: "video_avg_watch_seconds"
        case .conversions: "conversions"
        case .checkouts: "checkouts"
        case .checkoutValueMicro: "checkout_value_micro"
        case .pageVisits: "page_visits"
        case .addToCarts: "add_to_carts"
        case .leads: "leads"
        case .signups: "signups"
        case .webSessions: "web_sessions"
        }
    }
}
