import PinterestModel

/// `count` delivery rows for one account, made up deterministically from `seed`, for the
/// benchmark: 18-digit ids like Pinterest's, every metric filled with plausible values.
///
/// A `Sequence`, so rows are produced one at a time and never held together: ad-major (each ad's
/// `daysPerAd` consecutive days, as a `PIN_PROMOTION` report orders them), so the table's key
/// (account, date, ad) is unique.
struct SyntheticDeliveryRows: Sequence, Sendable {
    public let count: Int
    public let seed: UInt64
    public let daysPerAd: Int
    public let account: String
    /// Every row's date lies in it.
    public let window: DayRange

    public init(count: Int, seed: UInt64 = 1, daysPerAd: Int = 30, lastDay: Day = Day(year: 2026, month: 6, day: 30)!) {
        self.count = count
        self.seed = seed
        self.daysPerAd = Swift.max(1, Swift.min(daysPerAd, Swift.max(count, 1)))
        self.account = Self.id(prefix: 549, seed: seed, index: 0)
        self.window = DayRange(first: lastDay.adding(days: -(self.daysPerAd - 1)), last: lastDay)!
    }

    /// 18 digits: a 3-digit kind prefix, a seed bucket, and the index (never round, never a
    /// value a Double holds exactly by accident).
    static func id(prefix: Int64, seed: UInt64, index: Int) -> String {
        String(prefix * 1_000_000_000_000_000 + (10 + Int64(seed % 90)) * 10_000_000_000_000
               + 137_913_579 + Int64(index))
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    public struct Iterator: IteratorProtocol {
        private let rows: SyntheticDeliveryRows
        private var produced = 0
        private var template: DeliveryRow
        private var random: SplitMix64

        init(_ rows: SyntheticDeliveryRows) {
            self.rows = rows
            random = SplitMix64(seed: rows.seed &* 0x9E37_79B9_7F4A_7C15)
            template = DeliveryRow(date: rows.window.first, adAccountId: rows.account, campaignId: "", adGroupId: "",
                                   pinPromotionId: "", pinId: "")
        }

        private mutating func below(_ bound: Int64) -> Int64 { Int64(random.next() % UInt64(bound)) }

        public mutating func next() -> DeliveryRow? {
            guard produced < rows.count else { return nil }
            let ad = produced / rows.daysPerAd
            let dayIndex = produced % rows.daysPerAd
            produced += 1
            if dayIndex == 0 {
                // New ad: its ids are built once and shared by its days (as a report parser does).
                let seed = rows.seed
                template.campaignId = SyntheticDeliveryRows.id(prefix: 626, seed: seed, index: ad / 12)
                template.adGroupId = SyntheticDeliveryRows.id(prefix: 268, seed: seed, index: ad / 4)
                template.pinPromotionId = SyntheticDeliveryRows.id(prefix: 687, seed: seed, index: ad)
                template.pinId = SyntheticDeliveryRows.id(prefix: 840, seed: seed, index: ad)
            }
            var row = template
            row.date = rows.window.first.adding(days: dayIndex)
            let impressions = 20 + below(5_000)
            row.impressions = impressions
            row.spendMicro = impressions * (2_000 + below(13_000))
            row.earnedImpressions = impressions * below(40) / 100
            row.clicks = impressions * below(40) / 1_000
            row.earnedClicks = row.clicks * below(30) / 100
            row.outboundClicks = row.clicks * below(80) / 100
            row.earnedOutboundClicks = row.earnedClicks * below(80) / 100
            row.saves = impressions * below(10) / 1_000
            row.earnedSaves = row.saves * below(50) / 100
            row.engagements = row.clicks + row.saves + impressions * below(5) / 1_000
            row.earnedEngagements = row.earnedClicks + row.earnedSaves
            row.videoStarts = impressions * (40 + below(50)) / 100
            row.videoViews = row.videoStarts * (50 + below(30)) / 100
            row.videoMrcViews = row.videoViews * (60 + below(30)) / 100
            row.videoP25 = row.videoStarts * (50 + below(20)) / 100
            row.videoP50 = row.videoP25 * (60 + below(20)) / 100
            row.videoP75 = row.videoP50 * (60 + below(20)) / 100
            row.videoP95 = row.videoP75 * (70 + below(20)) / 100
            row.videoCompletes = row.videoP95 * (80 + below(15)) / 100
            row.videoAvgWatchSeconds = Double(100 + below(1_400)) / 100
            row.conversions = row.outboundClicks * below(20) / 100
            row.checkouts = row.conversions * below(60) / 100
            row.checkoutValueMicro = row.checkouts * (5_000_000 + below(200_000_000))
            row.pageVisits = row.outboundClicks * (50 + below(50)) / 100
            row.addToCarts = row.pageVisits * below(30) / 100
            row.leads = row.conversions * below(20) / 100
            row.signups = row.conversions * below(10) / 100
            row.webSessions = row.pageVisits * (80 + below(20)) / 100
            return row
        }
    }
}
