import PinterestModel

/// Writes a `PIN_PROMOTION`/`DAY` report in Pinterest's JSON layout, as a stream:
/// `{"<ad id>":[{"DATE":"…", <requested columns>…}, …], …}` — keyed by ad id (primary_sort
/// BY_ID), rows by date, metrics that are zero left out, rows whose requested metrics are all
/// zero left out, ads with no rows left out. Memory stays at one buffer whatever the size.
struct ReportFileWriter {
    let world: SimulatedWorld
    let accountIndex: Int
    let range: DayRange
    let today: Day
    let columns: [String]
    let idsAsNumbers: Bool
    /// Breakdown types (a `PIN_PROMOTION_TARGETING` report); nil for delivery.
    var targetingTypes: [String]? = nil

    static let flushSize = 64 * 1024

    /// Total bytes `write` produces (a counting pass; the generator is cheap).
    func size() throws -> Int {
        var total = 0
        try write { total += $0.count }
        return total
    }

    func write(_ emit: ([UInt8]) throws -> Void) throws {
        enum Column { case date, id(KeyPath<DeliveryRow, String>), metric(DeliveryMetric) }
        var plan: [(name: [UInt8], column: Column)] = []
        if !columns.contains("DATE") { plan.append((Array("\"DATE\":".utf8), .date)) }
        for name in columns {
            let key = Array("\"\(name)\":".utf8)
            switch name {
            case "DATE": plan.append((key, .date))
            case "AD_ACCOUNT_ID": plan.append((key, .id(\.adAccountId)))
            case "CAMPAIGN_ID": plan.append((key, .id(\.campaignId)))
            case "AD_GROUP_ID": plan.append((key, .id(\.adGroupId)))
            case "PIN_PROMOTION_ID", "AD_ID": plan.append((key, .id(\.pinPromotionId)))
            case "PIN_ID": plan.append((key, .id(\.pinId)))
            default: if let metric = DeliveryMetric(rawValue: name) { plan.append((key, .metric(metric))) }
            }
        }
        let metrics = plan.compactMap { if case .metric(let m) = $0.column { m } else { nil } }

        var out: [UInt8] = []
        out.reserveCapacity(Self.flushSize + 4_096)
        out.append(UInt8(ascii: "{"))
        var firstAd = true
        for i in 0..<world.adCount(accountIndex) {
            let keys = world.adKeys(accountIndex, i)
            if keys.createdDay > range.last { break }  // later ads are newer still
            var firstRow = true
            var day = max(range.first, keys.createdDay)
            while day <= range.last, day < today {
                defer { day = day.adding(days: 1) }
                guard let delivery = world.deliveryRow(accountIndex, i, keys: keys, day: day, today: today) else { continue }
                let rows: [(row: DeliveryRow, type: String?, value: String?)] = targetingTypes.map { types in
                    types.flatMap { type in
                        world.targetingRows(of: delivery, type: type, account: accountIndex, ad: i).map { ($0.metrics, type, $0.targetingValue) }
                    }
                } ?? [(delivery, nil, nil)]
                for (row, targetingType, targetingValue) in rows {
                if !metrics.isEmpty, metrics.allSatisfy({ row.double($0) == 0 }) { continue }
                if firstRow {
                    if !firstAd { out.append(UInt8(ascii: ",")) }
                    JSONBytes.appendString(keys.ad, to: &out)
                    out.append(contentsOf: ":[".utf8)
                    firstAd = false
                } else {
                    out.append(UInt8(ascii: ","))
                }
                firstRow = false
                out.append(UInt8(ascii: "{"))
                var firstField = true
                if let targetingType, let targetingValue {
                    out.append(contentsOf: "\"TARGETING_TYPE\":".utf8)
                    JSONBytes.appendString(targetingType, to: &out)
                    out.append(contentsOf: ",\"TARGETING_VALUE\":".utf8)
                    if SimulatedWorld.numericTargetingTypes.contains(targetingType) {
                        out.append(contentsOf: targetingValue.utf8)
                    } else {
                        JSONBytes.appendString(targetingValue, to: &out)
                    }
                    firstField = false
                }
                for (name, column) in plan {
                    switch column {
                    case .metric(let m) where row.double(m) == 0: continue
                    case .id(let path) where row[keyPath: path].isEmpty: continue   // no PIN_ID in breakdown rows
                    default: break
                    }
                    if !firstField { out.append(UInt8(ascii: ",")) }
                    firstField = false
                    out.append(contentsOf: name)
                    switch column {
                    case .date:
                        out.append(UInt8(ascii: "\""))
                        day.withISOBytes { out.append(contentsOf: $0) }
                        out.append(UInt8(ascii: "\""))
                    case .id(let path):
                        if idsAsNumbers { out.append(contentsOf: row[keyPath: path].utf8) }
                        else { JSONBytes.appendString(row[keyPath: path], to: &out) }
                    case .metric(let m):
                        if m.isFractional { JSONBytes.appendDouble(row.videoAvgWatchSeconds, to: &out) }
                        else { out.append(contentsOf: String(row.integer(m)).utf8) }
                    }
                }
                out.append(UInt8(ascii: "}"))
                if out.count >= Self.flushSize {
                    try emit(out)
                    out.removeAll(keepingCapacity: true)
                }
                }
            }
            if !firstRow { out.append(UInt8(ascii: "]")) }
        }
        out.append(UInt8(ascii: "}"))
        try emit(out)
    }
}
