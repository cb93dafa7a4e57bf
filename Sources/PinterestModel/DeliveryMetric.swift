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
