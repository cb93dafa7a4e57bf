import PinterestModel
import Warehouse

/// The benchmark's floor for SQLite: what a hand-written C loop does — one transaction, one
/// prepared INSERT, the columns bound one call each straight from the row's fields, no protocol,
/// no closure, no per-row allocation. The sink's figure is judged against this one.
enum SQLitePlainLoop {
    /// Inserts `rows` into `pinterest_data_delivery` of the (migrated) database at `path` and
    /// returns how many were stored.
    static func insert(_ rows: some Sequence<DeliveryRow>, path: String, runId: String, loadedAt: String) throws -> Int {
        let connection = try SQLiteConnection(path: path)
        let statement = try connection.prepare(DeliveryRow.insertSQL)
        try connection.execute("BEGIN IMMEDIATE")
        // The stamp is the same for every row: bound once, kept across rows.
        try statement.bind(runId, at: 35)
        try statement.bind(loadedAt, at: 36)
        var stored = 0
        for row in rows {
            try statement.bind(row.date, at: 1)
            try statement.bind(row.adAccountId, at: 2)
            try statement.bind(row.campaignId, at: 3)
            try statement.bind(row.adGroupId, at: 4)
            try statement.bind(row.pinPromotionId, at: 5)
            try statement.bind(row.pinId, at: 6)
            try statement.bind(row.spendMicro, at: 7)
            try statement.bind(row.impressions, at: 8)
            try statement.bind(row.earnedImpressions, at: 9)
            try statement.bind(row.clicks, at: 10)
            try statement.bind(row.earnedClicks, at: 11)
            try statement.bind(row.outboundClicks, at: 12)
            try statement.bind(row.earnedOutboundClicks, at: 13)
            try statement.bind(row.engagements, at: 14)
            try statement.bind(row.earnedEngagements, at: 15)
            try statement.bind(row.saves, at: 16)
            try statement.bind(row.earnedSaves, at: 17)
            try statement.bind(row.videoViews, at: 18)
            try statement.bind(row.videoMrcViews, at: 19)
            try statement.bind(row.videoStarts, at: 20)
            try statement.bind(row.videoP25, at: 21)
            try statement.bind(row.videoP50, at: 22)
            try statement.bind(row.videoP75, at: 23)
            try statement.bind(row.videoP95, at: 24)
            try statement.bind(row.videoCompletes, at: 25)
            try statement.bind(row.videoAvgWatchSeconds, at: 26)
            try statement.bind(row.conversions, at: 27)
            try statement.bind(row.checkouts, at: 28)
            try statement.bind(row.checkoutValueMicro, at: 29)
            try statement.bind(row.pageVisits, at: 30)
            try statement.bind(row.addToCarts, at: 31)
            try statement.bind(row.leads, at: 32)
            try statement.bind(row.signups, at: 33)
            try statement.bind(row.webSessions, at: 34)
            try statement.insert()
            stored += 1
        }
        try connection.execute("COMMIT")
        return stored
    }
}
