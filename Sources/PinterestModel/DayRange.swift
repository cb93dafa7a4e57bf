/// An inclusive range of days, as report windows are stated.
public struct DayRange: Hashable, Sendable, CustomStringConvertible {
    public let first: Day
    public let last: Day

    /// nil when `last` is before `first`.
    public init?(first: Day, last: Day) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    public var dayCount: Int { first.distance(to: last) + 1 }

    public func contains(_ day: Day) -> Bool { first <= day && day <= last }

    /// Consecutive sub-ranges of at most `maxDays` days each, covering this range in order.
    public func chunks(ofAtMost maxDays: Int) -> [DayRange] {
        precondition(maxDays > 0)
        var result: [DayRange] = []
        var start = first
        while start <= last {
            let end = min(start.adding(days: maxDays - 1), last)
            result.append(DayRange(first: start, last: end)!)
            start = end.adding(days: 1)
        }
        return result
    }

    public var description: String { "\(first)..\(last)" }
}
