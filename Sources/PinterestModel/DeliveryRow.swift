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
