/// What the dashboard shows, gathered from the warehouse by the `report` command. Money is in
/// micro-units of each account's currency; every figure is a sum over the window.
public struct DashboardData: Sendable {
    public struct Totals: Sendable, Equatable {
        public var spendMicro: Int64 = 0, impressions: Int64 = 0, clicks: Int64 = 0
        public var saves: Int64 = 0, conversions: Int64 = 0, checkoutValueMicro: Int64 = 0
        public init() {}

        public static func += (lhs: inout Totals, rhs: Totals) {
            lhs.spendMicro += rhs.spendMicro
            lhs.impressions += rhs.impressions
            lhs.clicks += rhs.clicks
            lhs.saves += rhs.saves
            lhs.conversions += rhs.conversions
            lhs.checkoutValueMicro += rhs.checkoutValueMicro
        }
    }

    /// Money totals of the accounts that share one currency.
    public struct CurrencyTotals: Sendable, Equatable {
        public var currency: String
        public var totals: Totals
        public init(currency: String, totals: Totals) {
            self.currency = currency
            self.totals = totals
        }
    }

    public struct Day: Sendable, Equatable {
        public var date: String
        public var spendMicro: Int64, impressions: Int64, clicks: Int64
        public init(date: String, spendMicro: Int64, impressions: Int64, clicks: Int64) {
            self.date = date
            self.spendMicro = spendMicro
            self.impressions = impressions
            self.clicks = clicks
        }
    }

    /// A campaign, ad or breakdown value ranked by spend (an "others" row sums the rest).
    public struct Ranked: Sendable, Equatable {
        public var name: String
        public var currency: String?
        public var spendMicro: Int64, impressions: Int64, clicks: Int64
        public var detail: String?
        public var imageURL: String?
        public init(name: String, currency: String?, spendMicro: Int64, impressions: Int64, clicks: Int64,
                    detail: String? = nil, imageURL: String? = nil) {
            self.name = name
            self.currency = currency
            self.spendMicro = spendMicro
            self.impressions = impressions
            self.clicks = clicks
            self.detail = detail
            self.imageURL = imageURL
        }
    }

    public struct Breakdown: Sendable, Equatable {
        public var title: String
        public var values: [Ranked]
        public init(title: String, values: [Ranked]) {
            self.title = title
            self.values = values
        }
    }

    public struct Freshness: Sendable, Equatable {
        public var account: String, name: String?
        public var lastSuccess: String?, newestDate: String?
        public var failedRuns: Int
        public init(account: String, name: String?, lastSuccess: String?, newestDate: String?, failedRuns: Int) {
            self.account = account
            self.name = name
            self.lastSuccess = lastSuccess
            self.newestDate = newestDate
            self.failedRuns = failedRuns
        }
    }

    public var windowStart: String
    public var windowEnd: String
    public var generatedAt: String
    public var source: String
    public var totals = Totals()
    public var byCurrency: [CurrencyTotals] = []
    public var daily: [Day] = []
    public var campaigns: [Ranked] = []
    public var topAds: [Ranked] = []
    public var breakdowns: [Breakdown] = []
    public var freshness: [Freshness] = []

    public init(windowStart: String, windowEnd: String, generatedAt: String, source: String) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.generatedAt = generatedAt
        self.source = source
    }
}
