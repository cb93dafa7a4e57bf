import Foundation
import Synchronization
import PinterestModel

/// A report requested through `POST /reports`.
struct ReportJob: Sendable {
    enum Outcome: Sendable { case finished, failed, expired }
    let token: String
    let accountIndex: Int
    let range: DayRange
    let columns: [String]
    /// A `PIN_PROMOTION_TARGETING` report's types; nil for `PIN_PROMOTION`.
    let targetingTypes: [String]?
    /// "Today" when the report was requested: its content is fixed from then on.
    let today: Day
    let createdAt: Date
    var outcome: Outcome
    var polls = 0
    /// File size in bytes, computed on the first FINISHED poll.
    var size: Int?
    /// The rendered file, with `SimulatorOptions.reportFileDirectory`; the job is not FINISHED
    /// before it is complete.
    var storedPath: String?
    /// The background rendering is over (stored, or fallen back to rendering each download).
    var rendered = false
}
