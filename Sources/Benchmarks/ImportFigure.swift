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
    let peakResidentBytes: Int
    var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
    /// Wall time minus the report wait: what the connector itself took.
    var ownSeconds: Double { max(seconds - reportWaitSeconds, 0.001) }
    var ownRowsPerSecond: Double { Double(rows) / ownSeconds }
}
