import Foundation
import ProcessSupport
import PinterestModel
import PinterestSimulator
import Warehouse

/// One job run as a child process against the simulator: what it cost and what it stored.
struct ImportFigure {
    let ads, days, rows: Int
    let seconds, cpuSeconds: Double
    let requests: RequestCounts
    let peakResidentBytes: Int
    var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
}
