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
        try forEachDeliveryRow(account: account, in: range) { _, row in try body(row) }
    }

    /// With each row, the index of its ad in the account.
    private func forEachDeliveryRow(account: String, in range: DayRange, _ body: (Int, DeliveryRow) throws -> Void) rethrows {
        guard let a = world.accountIndex(of: account) else { return }
        let n = world.adCount(a)
        var day = range.first
        while day <= range.last, day < today {
            for i in 0..<n {
                guard world.adCreatedDay(a, i) <= day else { break }  // later ads are newer still
                let keys = world.adKeys(a, i)
                if let row = world.deliveryRow(a, i, keys: keys, day: day, today: today) {
                    try body(i, row)
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

    /// Exactly the rows a `PIN_PROMOTION_TARGETING`/`DAY` report for `types` over `range` returns
    /// now, in the order of `forEachDeliveryRow` and then of `types`.
    public func targetingRows(account: String, in range: DayRange, types: [String]) -> [TargetingRow] {
        guard let a = world.accountIndex(of: account) else { return [] }
        var rows: [TargetingRow] = []
        forEachDeliveryRow(account: account, in: range) { i, delivery in
            for type in types { rows += world.targetingRows(of: delivery, type: type, account: a, ad: i) }
        }
        return rows
    }

    /// Integer metrics summed per targeting type and value over the window.
    public func targetingTotals(account: String, in range: DayRange, types: [String]) -> [String: [String: [DeliveryMetric: Int64]]] {
        var sums: [String: [String: [DeliveryMetric: Int64]]] = [:]
        for row in targetingRows(account: account, in: range, types: types) {
            for metric in DeliveryMetric.allCases where !metric.isFractional {
                sums[row.targetingType, default: [:]][row.targetingValue, default: [:]][metric, default: 0] += row.metrics.integer(metric)
            }
        }
        return sums
    }

    /// The creatives the account's ads promote, as the warehouse should hold them.
    public func promotedPins(account: String) -> [PinRecord] {
        guard let a = world.accountIndex(of: account) else { return [] }
        return (0..<world.adCount(a)).map { world.pin(a, $0).record }
    }

    /// The ids of the promoted pins the listing leaves out: found only by id, one lookup each.
    public func unlistedPinIds(account: String) -> [String] {
        guard let a = world.accountIndex(of: account) else { return [] }
        return (0..<world.adCount(a)).filter(SimulatedWorld.isUnlisted).map { world.pin(a, $0).record.id }
    }

    /// The names the simulator serves for `type` (code → name).
    public func targetingNames(type: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: SimulatedWorld.targetingNames[type] ?? [])
    }
}
