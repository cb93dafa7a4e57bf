import Foundation
import ProcessSupport
import PinterestModel
import PinterestSimulator
import Warehouse

/// One job run as a child process against the simulator: what it cost and what it stored.
struct ImportFigure {
    let ads, days, rows: Int
    let seconds, cpuSeconds: Double
    /// Of `seconds`, the wait for Pinterest to build the reports: not the connector's own time.
    let reportWaitSeconds: Double
    let requests: RequestCounts
    var peakResidentBytes: Int
    var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
    /// Wall time minus the report wait: what the connector itself took.
    var ownSeconds: Double { max(seconds - reportWaitSeconds, 0.001) }
    var ownRowsPerSecond: Double { Double(rows) / ownSeconds }

    /// Of two runs of the same import, the faster one's times, with the higher peak memory of
    /// the two: speed is judged on the best pass, memory on the worst.
    static func best(_ a: ImportFigure, _ b: ImportFigure) -> ImportFigure {
        var faster = a.ownRowsPerSecond >= b.ownRowsPerSecond ? a : b
        faster.peakResidentBytes = max(a.peakResidentBytes, b.peakResidentBytes)
        return faster
    }
}
