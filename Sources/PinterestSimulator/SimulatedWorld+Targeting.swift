import PinterestModel

/// Breakdowns: each ad-day's delivery split over a few values of each targeting type, so that
/// one type's rows add up to the delivery row exactly (Pinterest may withhold small audiences;
/// the simulator does not, which makes the oracle's totals a strict check).
extension SimulatedWorld {
    /// The values the simulator serves per type; LOCATION codes are numbers in report files.
    static let targetingValues: [String: [String]] = [
        "APPTYPE": ["iphone", "ipad", "web", "web_mobile", "android_mobile", "android_tablet"],
        "AGE_BUCKET": ["18-24", "25-34", "35-44", "45-49", "50-54", "55-64", "65+", "unknown"],
        "GENDER": ["female", "male", "unknown"],
        "COUNTRY": ["US", "CA", "GB", "DE", "FR", "BR", "JP"],
        "REGION": ["US-CA", "US-NY", "US-TX", "CA-ON", "GB-ENG", "DE-BY"],
        "LOCATION": ["500", "501", "36313", "124735"],
        "GEO": ["US:94102", "US:10001", "CA:M5V"],
        "PLACEMENT": ["BROWSE", "SEARCH"],
        "KEYWORD": ["christmas decor ideas", "sneakers \"limited\"", "café au lait"],
    ]

    /// Types whose values a report file holds as JSON numbers.
    static let numericTargetingTypes: Set<String> = ["LOCATION", "AUDIENCE_INCLUDE"]

    static func values(of type: String) -> [String] {
        targetingValues[type] ?? ["\(type.lowercased())_a", "\(type.lowercased())_b", "\(type.lowercased())_c"]
    }

    /// The breakdown rows of one delivery row for `type`: 1 to 3 values, metrics split by
    /// integer shares whose parts sum to the whole; all-zero parts are left out.
    func targetingRows(of row: DeliveryRow, type: String, account a: Int, ad i: Int) -> [TargetingRow] {
        let all = Self.values(of: type)
        var d = DrawStream(hash(seed, 11, UInt64(a), UInt64(i),
                                UInt64(bitPattern: Int64(row.date.daysSinceEpoch)) ^ UInt64(truncatingIfNeeded: type.hashValueStable)))
        let count = min(all.count, d.int(1...3))
        var chosen: [String] = []
        while chosen.count < count {
            let value = d.pick(all)
            if !chosen.contains(value) { chosen.append(value) }
        }
        let weights = chosen.map { _ in Int64(d.int(1...10)) }
        let total = weights.reduce(0, +)
        var parts = chosen.map { value -> TargetingRow in
            let metrics = DeliveryRow(date: row.date, adAccountId: row.adAccountId, campaignId: row.campaignId,
                                      adGroupId: row.adGroupId, pinPromotionId: row.pinPromotionId, pinId: "")
            return TargetingRow(metrics: metrics, targetingType: type, targetingValue: value)
        }
        for metric in DeliveryMetric.allCases where !metric.isFractional {
            let whole = row.integer(metric)
            var given: Int64 = 0
            for index in parts.indices {
                let share = index == parts.count - 1 ? whole - given : whole * weights[index] / total
                parts[index].metrics.setInteger(metric, share)
                given += share
            }
        }
        // An average watch time belongs to the parts that watched.
        for index in parts.indices where parts[index].metrics.videoStarts > 0 {
            parts[index].metrics.videoAvgWatchSeconds = row.videoAvgWatchSeconds
        }
        return parts.filter { !$0.metrics.hasNoMetrics }
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }
}
