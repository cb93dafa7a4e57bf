import Foundation
import PinterestModel
import Warehouse

/// One measured load: rows stored and the seconds it took.
struct LoadFigure {
    let rows: Int
    let seconds: Double
    var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }

    static func best(_ a: LoadFigure, _ b: LoadFigure) -> LoadFigure { a.rowsPerSecond >= b.rowsPerSecond ? a : b }
}
