import PinterestModel

/// What the simulator serves, computed from the same generator the endpoints use (nothing is
/// cached), so tests can check the connector's warehouse against the truth at any scale.
public struct SimulatorOracle: Sendable {
    let world: SimulatedWorld
    let today: Day

    public var accounts: [AdAccountRecord] { (0..<world.accountCount).map(world.accountRecord) }

    public func campaigns(account: String) -> [CampaignRecord] {
        guard let a = world.accountIndex(of: account) else { return [] }
        return (0..<world.campaignCount(a)).map { world.campaignRecord(a, $0) }
    }

    public func adGroups(account: String) -> [AdGroupRecord] {
        guard let a = world.accountIndex(of: account) else { return [] }
        return (0..<world.adGroupCount(a)).map { world.adGroupRecord(a, $0) }
    }

    public func ads(account: String) -> [AdRecord] {
        guard let a = world.accountIndex(of: account) else { return [] }
        return (0..<world.adCount(a)).map { world.adRecord(a, $0) }
    }

    /// Exactly the rows a `PIN_PROMOTION`/`DAY` report over `range` returns now (given today),
    /// sorted by date then ad id; all-zero rows are absent.
    public func deliveryRows(account: String, in range: DayRange) -> [DeliveryRow] {
        var rows: [DeliveryRow] = []
        forEachDeliveryRow(account: account, in: range) { rows.append($0) }
        return rows
    }

    /// The same rows as `deliveryRows`, one at a time, in the same order, without holding them.
    public func forEachDeliveryRow(account: String, in range: DayRange, _ body: (DeliveryRow) throws -> Void) rethrows {
        guard let a = world.accountIndex(of: account) else { return }
        let n = world.adCount(a)
        var day = range.first
        while day <= range.last, day < today {
            for i in 0..<n {
                guard world.adCreatedDay(a, i) <= day else { break }  // later ads are newer still
                let keys = world.adKeys(a, i)
                if let row = world.deliveryRow(a, i, keys: keys, day: day, today: today) {
                    try body(row)
                }
            }
            day = day.adding(days: 1)
        }
    }

    /// Integer metrics summed over the window (the fractional watch time is left out).
    public func totals(account: String, in range: DayRange) -> [DeliveryMetric: Int64] {
        var sums: [DeliveryMetric: Int64] = [:]
        let metrics = DeliveryMetric.allCases.filter { !$0.isFractional }
        for metric in metrics { sums[metric] = 0 }
        forEachDeliveryRow(account: account, in: range) { row in
            for metric in metrics { sums[metric]! += row.integer(metric) }
        }
        return sums
    }
}
