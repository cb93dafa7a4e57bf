import Foundation
import Synchronization
import PinterestModel

/// All mutable simulator state. The simulator keeps it in one `Mutex` (connections run on
/// their own threads) and reaches it through `locked`.
struct SimulatorState: Sendable {
    var today: Day
    var accessTokens: [String: Date] = [:]        // token → expiry
    var refreshTokens: [String: Date] = [:]       // valid refresh tokens → expiry
    /// Refresh tokens presented so far, and how many presentations repeated one: a client that
    /// spends a rotated token twice (two workers with separate stores) breaks its own chain.
    var presentedRefreshTokens: Set<String> = []
    var repeatedRefreshTokens = 0
    var currentRefreshToken: String
    var authorizationCodeUsed = false
    var reports: [String: ReportJob] = [:]
    /// Set by `stop()`: a report file rendered after it is removed at once.
    var stopped = false
    var downloads: [String: DownloadGrant] = [:]  // object key → grant
    var faults: [Fault] = []
    var requests: [RecordedRequest] = []
    var rateWindows: [String: (start: Date, count: Int)] = [:]
    /// API requests presented with each access token (`accessTokenLifetimeRequests`).
    var tokenUses: [String: Int] = [:]
    /// API requests so far, which decides the storm's answers.
    var apiRequestNumber: UInt64 = 0
    /// `SimulatorOptions.grantsPinScopes` and `failTargetingReports`, changeable while serving.
    var grantsPinScopes: Bool
    /// How a missing pins scope is answered: 403, or 401 code 3 ("insufficient permissions").
    var pinScopeDenialStatus = 403
    var failTargetingReports: Bool
    /// Added to the wall clock, so tests can jump past expiries without sleeping.
    var clockOffset: TimeInterval = 0
    /// The simulator's clock (read under the lock).
    var now: Date { Date().addingTimeInterval(clockOffset) }

    init(options: SimulatorOptions) {
        today = options.today
        currentRefreshToken = options.initialRefreshToken
        grantsPinScopes = options.grantsPinScopes
        failTargetingReports = options.failTargetingReports
        refreshTokens[options.initialRefreshToken] = now.addingTimeInterval(options.refreshTokenLifetime)
    }

    /// Carries out a credential fault: every access token expires, or every refresh token is revoked.
    mutating func applyCredentialFault(_ kind: Fault.Kind) {
        switch kind {
        case .expireTokens: accessTokens.removeAll()
        case .revokeRefreshTokens: refreshTokens.removeAll()
        default: break
        }
    }

    /// Takes one use of the first pending fault that satisfies `accept`, if any.
    mutating func consumeFault(where accept: (Fault) -> Bool) -> Fault? {
        guard let index = faults.firstIndex(where: accept) else { return nil }
        let fault = faults[index]
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return fault
    }

    static func randomToken(_ prefix: String, bytes: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + String((0..<bytes).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}

extension Mutex where Value == SimulatorState {
    /// Runs `body` with the state, holding the lock.
    func locked<T: Sendable>(_ body: (inout SimulatorState) throws -> T) rethrows -> T {
        try withLock { state in try body(&state) }
    }
}
