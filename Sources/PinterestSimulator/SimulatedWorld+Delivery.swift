import PinterestModel

/// Per-ad, per-day metrics as a pure function of (seed, account, ad, day, today). Both the
/// report file writer and the oracle call this, so they agree by construction.
extension SimulatedWorld {
    /// Conversions for a day keep arriving for this many days (attribution catches up).
    static let conversionSettleDays = 7

    /// Ids of ad `i` as the report carries them; computed once per ad by streaming callers.
    struct AdKeys: Sendable {
        let account: String, campaign: String, adGroup: String, ad: String, pin: String
        let createdDay: Day
        let isVideo: Bool
        let activityPercent: UInt64
    }

    func adKeys(_ a: Int, _ i: Int) -> AdKeys {
        let g = i / Self.adsPerAdGroup
        let status = Self.adStatus(i)
        return AdKeys(
            account: id(.account, account: a), campaign: id(.campaign, account: a, index: g / Self.adGroupsPerCampaign),
            adGroup: id(.adGroup, account: a, index: g), ad: id(.ad, account: a, index: i), pin: id(.pin, account: a, index: i),
            createdDay: adCreatedDay(a, i), isVideo: Self.isVideo(Self.creativeType(i)),
            // Paused ads deliver rarely; archived ones were archived recently and still delivered.
            activityPercent: status == "PAUSED" ? 15 : (status == "ARCHIVED" ? 45 : 65)
        )
    }

    /// The row the report holds for ad `i` on `day` given `today`; nil when it has no delivery
    /// (not yet created, not before today, or an idle day): Pinterest omits all-zero rows.
    func deliveryRow(_ a: Int, _ i: Int, keys k: AdKeys, day: Day, today: Day) -> DeliveryRow? {
        guard day >= k.createdDay, day < today else { return nil }
        var d = DrawStream(hash(seed, 5, UInt64(a), UInt64(i), UInt64(bitPattern: Int64(day.daysSinceEpoch))))
        guard d.chance(k.activityPercent) else { return nil }
        var r = DeliveryRow(date: day, adAccountId: k.account, campaignId: k.campaign, adGroupId: k.adGroup,
                            pinPromotionId: k.ad, pinId: k.pin)
        func part(_ v: Int64, _ percent: ClosedRange<Int>) -> Int64 { v * Int64(d.int(percent)) / 100 }

        let impressions = Int64(d.int(20...3_000))
        r.impressions = impressions
        r.spendMicro = impressions * Int64(d.int(2_000...15_000))   // CPM 2–15 in micro per impression
        r.earnedImpressions = d.chance(30) ? 0 : part(impressions, 0...40)
        r.clicks = impressions * Int64(d.int(0...40)) / 1_000
        r.earnedClicks = part(r.clicks, 0...30)
        r.outboundClicks = part(r.clicks, 0...80)
        r.earnedOutboundClicks = part(r.earnedClicks, 0...80)
        r.saves = impressions * Int64(d.int(0...10)) / 1_000
        r.earnedSaves = part(r.saves, 0...50)
        r.engagements = r.clicks + r.saves + impressions * Int64(d.int(0...5)) / 1_000
        r.earnedEngagements = r.earnedClicks + r.earnedSaves
        if k.isVideo {
            r.videoStarts = part(impressions, 40...90)
            r.videoViews = part(r.videoStarts, 50...80)
            r.videoMrcViews = part(r.videoViews, 60...90)
            r.videoP25 = part(r.videoStarts, 50...70)
            r.videoP50 = part(r.videoP25, 60...80)
            r.videoP75 = part(r.videoP50, 60...80)
            r.videoP95 = part(r.videoP75, 70...90)
            r.videoCompletes = part(r.videoP95, 80...95)
            if r.videoStarts > 0 { r.videoAvgWatchSeconds = Double(d.int(100...1_500)) / 100 }
        }
        r.pageVisits = part(r.outboundClicks, 30...90)
        r.webSessions = part(r.outboundClicks, 40...100)

        // Late conversions: the settled value, of which a growing share is visible each day
        // until `conversionSettleDays` have passed. Only recent days change as today advances.
        let age = Int64(min(day.distance(to: today), Self.conversionSettleDays))
        func visible(_ settled: Int64) -> Int64 { settled * age / Int64(Self.conversionSettleDays) }
        let addToCartSettled = part(r.pageVisits, 0...30)
        let checkoutSettled = part(addToCartSettled, 0...60)
        let leadSettled = part(r.pageVisits, 0...6)
        let signupSettled = part(r.pageVisits, 0...4)
        let orderValueMicro = Int64(d.int(15...250)) * 1_000_000 + Int64(d.int(0...99)) * 10_000
        r.addToCarts = visible(addToCartSettled)
        r.checkouts = visible(checkoutSettled)
        r.checkoutValueMicro = r.checkouts * orderValueMicro
        r.leads = visible(leadSettled)
        r.signups = visible(signupSettled)
        r.conversions = r.checkouts + r.leads + r.signups
        return r
    }
}

extension DeliveryRow {
    /// True when every metric is zero (such rows never appear in a report).
    var hasNoMetrics: Bool {
        videoAvgWatchSeconds == 0 && DeliveryMetric.allCases.allSatisfy { $0.isFractional || integer($0) == 0 }
    }
}
