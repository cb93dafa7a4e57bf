import Foundation
import PinterestModel
import Synchronization

public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}
