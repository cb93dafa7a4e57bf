import Dashboard
import Foundation
import PinterestModel
import Warehouse

/// Gathers the dashboard's figures from the warehouse (typed questions only) and writes the
/// page. Bars are capped (the rest summed in an "others" bar) so the page stays legible and
/// small for an agency's thousand campaigns; the daily lines have one point per day.
enum DashboardReport {
    static let campaignBars = 15
    static let breakdownBars = 12
    static let topAds = 10
    /// The breakdowns shown, with their titles, when the warehouse has rows for them.
    static let breakdowns = [("APPTYPE", "device"), ("AGE_BUCKET", "age"), ("GENDER", "gender"), ("COUNTRY", "country")]

    struct Written {
        let path: String
        let bytes: Int
        let window: DayRange?
    }

    /// Writes the page for the `days` ending with the newest loaded date of `accounts` (all when nil).
    static func write(_ warehouse: Warehouse, days: Int, accounts: [String]?, to path: String) throws -> Written {
        let newest = try warehouse.newestDeliveryDate(accounts: accounts)
        let last = newest ?? Day.today(environment: ProcessInfo.processInfo.environment)
        let window = DayRange(first: last.adding(days: -(days - 1)), last: last)!
        let scope = DashboardScope(window: window, accounts: accounts)
        var data = DashboardData(windowStart: window.first.description, windowEnd: window.last.description,
                                 generatedAt: Timestamp.now().description, source: warehouse.location)
        for totals in try warehouse.deliveryTotals(scope) {
            var sums = DashboardData.Totals()
            sums.spendMicro = totals.spendMicro
            sums.impressions = totals.impressions
            sums.clicks = totals.clicks
            sums.saves = totals.saves
            sums.conversions = totals.conversions
            sums.checkoutValueMicro = totals.checkoutValueMicro
            data.byCurrency.append(.init(currency: totals.currency ?? "?", totals: sums))
            data.totals += sums
        }
        data.daily = try warehouse.dailyDelivery(scope).map {
            .init(date: $0.date.description, spendMicro: $0.spendMicro, impressions: $0.impressions, clicks: $0.clicks)
        }
        data.campaigns = capped(try warehouse.campaignSpend(scope), keep: campaignBars, noun: "campaigns")
        data.topAds = try warehouse.topAds(scope, limit: topAds).map(ranked)
        for (type, title) in breakdowns {
            let values = try warehouse.breakdownSpend(scope, type: type)
            if !values.isEmpty { data.breakdowns.append(.init(title: title, values: capped(values, keep: breakdownBars, noun: "values"))) }
        }
        data.freshness = try warehouse.accountActivity(accounts: accounts).map {
            .init(account: $0.adAccountId, name: $0.name, lastSuccess: $0.lastSuccess?.description,
                  newestDate: $0.newestDate?.description, failedRuns: $0.failedRuns)
        }
        let html = DashboardPage.render(data)
        try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return Written(path: path, bytes: html.utf8.count, window: newest == nil ? nil : window)
    }

    static func ranked(_ rank: SpendRank) -> DashboardData.Ranked {
        .init(name: rank.name, currency: rank.currency, spendMicro: rank.spendMicro, impressions: rank.impressions,
              clicks: rank.clicks, detail: rank.detail, imageURL: rank.imageURL)
    }

    /// The first `keep` ranks, and one "others" row summing the rest.
    static func capped(_ ranks: [SpendRank], keep: Int, noun: String) -> [DashboardData.Ranked] {
        guard ranks.count > keep + 1 else { return ranks.map(ranked) }
        let rest = ranks.dropFirst(keep)
        let others = DashboardData.Ranked(
            name: "Others (\(rest.count) \(noun))", currency: Set(rest.map(\.currency)).count == 1 ? rest.first?.currency : nil,
            spendMicro: rest.reduce(0) { $0 + $1.spendMicro }, impressions: rest.reduce(0) { $0 + $1.impressions },
            clicks: rest.reduce(0) { $0 + $1.clicks })
        return ranks.prefix(keep).map(ranked) + [others]
    }
}
