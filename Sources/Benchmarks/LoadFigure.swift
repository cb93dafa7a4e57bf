import Foundation
import PinterestModel
import Warehouse

/// One measured load: rows stored and the seconds it took.
struct LoadFigure {
    let rows: Int
    let seconds: Double
    var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }

    /// No measurement yet: any pass beats it.
    static let none = LoadFigure(rows: 0, seconds: .infinity)
    static func best(_ a: LoadFigure, _ b: LoadFigure) -> LoadFigure { a.rowsPerSecond >= b.rowsPerSecond ? a : b }
}
