/// One ad (pin promotion) on one day: a row of Pinterest's `PIN_PROMOTION`/`DAY` report.
///
/// Ids stay text end to end (they exceed 2^53). Money stays integer micro-units of the account
/// currency. A metric the report leaves out is 0.
public struct DeliveryRow: Hashable, Sendable {
    public var date: Day
    public var adAccountId: String
    public var campaignId: String
    public var adGroupId: String
    public var pinPromotionId: String
    public var pinId: String

    public var spendMicro: Int64 = 0
    public var impressions: Int64 = 0
    public var earnedImpressions: Int64 = 0
    public var clicks: Int64 = 0
    public var earnedClicks: Int64 = 0
    public var outboundClicks: Int64 = 0
    public var earnedOutboundClicks: Int64 = 0
    public var engagements: Int64 = 0
    public var earnedEngagements: Int64 = 0
    public var saves: Int64 = 0
    public var earnedSaves: Int64 = 0
    public var videoViews: Int64 = 0
    public var videoMrcViews: Int64 = 0
    public var videoStarts: Int64 = 0
    public var videoP25: Int64 = 0
    public var videoP50: Int64 = 0
    public var videoP75: Int64 = 0
    public var videoP95: Int64 = 0
    public var videoCompletes: Int64 = 0
    public var videoAvgWatchSeconds: Double = 0
    public var conversions: Int64 = 0
    public var checkouts: Int64 = 0
    public var checkoutValueMicro: Int64 = 0
    public var pageVisits: Int64 = 0
    public var addToCarts: Int64 = 0
    public var leads: Int64 = 0
    public var signups: Int64 = 0
    public var webSessions: Int64 = 0

    public init(
        date: Day, adAccountId: String, campaignId: String, adGroupId: String,
        pinPromotionId: String, pinId: String
    ) {
        self.date = date
        self.adAccountId = adAccountId
        self.campaignId = campaignId
        self.adGroupId = adGroupId
        self.pinPromotionId = pinPromotionId
        self.pinId = pinId
    }
}

/// The report metrics, in table order: one place that names each metric, its report column and
/// its warehouse column, so the API client, the simulator and the warehouse cannot drift apart.
public enum DeliveryMetric: String, CaseIterable, Sendable {
    case spendMicro = "SPEND_IN_MICRO_DOLLAR"
    case impressions = "IMPRESSION_1"
    case earnedImpressions = "IMPRESSION_2"
    case clicks = "CLICKTHROUGH_1"
    case earnedClicks = "CLICKTHROUGH_2"
    case outboundClicks = "OUTBOUND_CLICK_1"
    case earnedOutboundClicks = "OUTBOUND_CLICK_2"
    case engagements = "ENGAGEMENT_1"
    case earnedEngagements = "ENGAGEMENT_2"
    case saves = "REPIN_1"
    case earnedSaves = "REPIN_2"
    case videoViews = "TOTAL_VIDEO_3SEC_VIEWS"
    case videoMrcViews = "TOTAL_VIDEO_MRC_VIEWS"
    case videoStarts = "TOTAL_VIDEO_P0_COMBINED"
    case videoP25 = "TOTAL_VIDEO_P25_COMBINED"
    case videoP50 = "TOTAL_VIDEO_P50_COMBINED"
    case videoP75 = "TOTAL_VIDEO_P75_COMBINED"
    case videoP95 = "TOTAL_VIDEO_P95_COMBINED"
    case videoCompletes = "TOTAL_VIDEO_P100_COMPLETE"
    case videoAvgWatchSeconds = "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND"
    case conversions = "TOTAL_CONVERSIONS"
    case checkouts = "TOTAL_CHECKOUT"
    case checkoutValueMicro = "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"
    case pageVisits = "TOTAL_PAGE_VISIT"
    case addToCarts = "TOTAL_ADD_TO_CART"
    case leads = "TOTAL_LEAD"
    case signups = "TOTAL_SIGNUP"
    case webSessions = "TOTAL_WEB_SESSIONS"

    /// The report column name Pinterest uses.
    public var reportColumn: String { rawValue }

    /// The only metric that is not an integer count or micro amount.
    @inlinable public var isFractional: Bool { self == .videoAvgWatchSeconds }

    /// The id columns a `PIN_PROMOTION` report must carry, besides `DATE`.
    public static let idColumns = ["AD_ACCOUNT_ID", "CAMPAIGN_ID", "AD_GROUP_ID", "PIN_PROMOTION_ID", "PIN_ID"]
}

extension DeliveryRow {
    /// A metric's value as a Double (exact for integers below 2^53; use `integer(_:)` for money).
    public func double(_ metric: DeliveryMetric) -> Double {
        metric.isFractional ? videoAvgWatchSeconds : Double(integer(metric))
    }

    /// An integer metric's value; the fractional metric reads as 0 here. Inlinable: the sinks
    /// call it for every metric of every row.
    @inlinable
    public func integer(_ metric: DeliveryMetric) -> Int64 {
        switch metric {
        case .spendMicro: return spendMicro
        case .impressions: return impressions
        case .earnedImpressions: return earnedImpressions
        case .clicks: return clicks
        case .earnedClicks: return earnedClicks
        case .outboundClicks: return outboundClicks
        case .earnedOutboundClicks: return earnedOutboundClicks
        case .engagements: return engagements
        case .earnedEngagements: return earnedEngagements
        case .saves: return saves
        case .earnedSaves: return earnedSaves
        case .videoViews: return videoViews
        case .videoMrcViews: return videoMrcViews
        case .videoStarts: return videoStarts
        case .videoP25: return videoP25
        case .videoP50: return videoP50
        case .videoP75: return videoP75
        case .videoP95: return videoP95
        case .videoCompletes: return videoCompletes
        case .conversions: return conversions
        case .checkouts: return checkouts
        case .checkoutValueMicro: return checkoutValueMicro
        case .pageVisits: return pageVisits
        case .addToCarts: return addToCarts
        case .leads: return leads
        case .signups: return signups
        case .webSessions: return webSessions
        case .videoAvgWatchSeconds: return 0
        }
    }

    /// Sets an integer metric; the fractional one is set with `videoAvgWatchSeconds` directly.
    public mutating func setInteger(_ metric: DeliveryMetric, _ value: Int64) {
        switch metric {
        case .spendMicro: spendMicro = value
        case .impressions: impressions = value
        case .earnedImpressions: earnedImpressions = value
        case .clicks: clicks = value
        case .earnedClicks: earnedClicks = value
        case .outboundClicks: outboundClicks = value
        case .earnedOutboundClicks: earnedOutboundClicks = value
        case .engagements: engagements = value
        case .earnedEngagements: earnedEngagements = value
        case .saves: saves = value
        case .earnedSaves: earnedSaves = value
        case .videoViews: videoViews = value
        case .videoMrcViews: videoMrcViews = value
        case .videoStarts: videoStarts = value
        case .videoP25: videoP25 = value
        case .videoP50: videoP50 = value
        case .videoP75: videoP75 = value
        case .videoP95: videoP95 = value
        case .videoCompletes: videoCompletes = value
        case .conversions: conversions = value
        case .checkouts: checkouts = value
        case .checkoutValueMicro: checkoutValueMicro = value
        case .pageVisits: pageVisits = value
        case .addToCarts: addToCarts = value
        case .leads: leads = value
        case .signups: signups = value
        case .webSessions: webSessions = value
        case .videoAvgWatchSeconds: videoAvgWatchSeconds = Double(value)
        }
    }
}
