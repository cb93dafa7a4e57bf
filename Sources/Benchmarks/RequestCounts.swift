import Foundation
import ProcessSupport
import PinterestModel
import PinterestSimulator
import Warehouse

/// The simulator's requests of one run, by kind.
struct RequestCounts {
    var token = 0, reportCreates = 0, reportPolls = 0, downloads = 0
    var campaignLists = 0, adGroupLists = 0, adLists = 0, other = 0

    init(_ requests: [RecordedRequest]) {
        for request in requests {
            let path = request.path
            if path.hasSuffix("/oauth/token") { token += 1 }
            else if path.hasPrefix("/downloads/") { downloads += 1 }
            else if path.hasSuffix("/reports") { if request.method == "POST" { reportCreates += 1 } else { reportPolls += 1 } }
            else if path.hasSuffix("/campaigns") { campaignLists += 1 }
            else if path.hasSuffix("/ad_groups") { adGroupLists += 1 }
            else if path.hasSuffix("/ads") { adLists += 1 }
            else { other += 1 }
        }
    }

    /// From the first report request to the last poll (the one that found the reports ready):
    /// the time Pinterest took to build them, as the client saw it.
    static func reportWaitSeconds(_ requests: [RecordedRequest]) -> Double {
        let reports = requests.filter { $0.path.hasSuffix("/reports") }
        guard let created = reports.filter({ $0.method == "POST" }).map(\.date).min(),
              let ready = reports.filter({ $0.method == "GET" }).map(\.date).max() else { return 0 }
        return max(ready.timeIntervalSince(created), 0)
    }

    /// Every request but the OAuth refresh (once per process, not per account).
    var api: Int { reportCreates + reportPolls + downloads + campaignLists + adGroupLists + adLists + other }
}
