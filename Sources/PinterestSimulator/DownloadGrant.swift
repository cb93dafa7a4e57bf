import Foundation
import Synchronization
import PinterestModel

/// A pre-signed download URL handed out by a FINISHED poll.
struct DownloadGrant: Sendable {
    let reportToken: String
    let signature: String
    let issuedAt: Date
}
