import Foundation
import Testing
@testable import PinterestAPI
import PinterestModel
import PinterestSimulator

/// The real client (URLSession over loopback) against the simulator: the behaviours of the
/// API-client issue, end to end, with the simulator's oracle as the truth.
@Suite struct SimulatorIntegrationTests {
    /// A running simulator and a client (or several, sharing one token store) pointed at it.
    final class World: @unchecked Sendable {
        // @unchecked: set up once in init, then only read.
        let simulator: PinterestSimulator
        let options: SimulatorOptions
        let directory: String
        let events = Box<[APIEvent]>([])

        init(_ adjust: (inout SimulatorOptions) -> Void = { _ in }) async throws {
            var options = SimulatorOptions()
            options.seed = 11
            options.accountCount = 2
            options.adsPerAccount = 20
            options.reportPollsBeforeReady = 1
            options.rateLimitWindowSeconds = 1
            adjust(&options)
            self.options = options
            simulator = try await PinterestSimulator.start(options)
            directory = Fixture.temporaryDirectory()
        }

        deinit {
            simulator.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }

        var tokenStorePath: String { directory + "/state/tokens.json" }

        func configuration(retry: RetryPolicy = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5),
                                                            maxDelay: .milliseconds(50), maxTotalWait: .seconds(10),
                                                            requestTimeout: 10)) -> PinterestAPIConfiguration {
            PinterestAPIConfiguration(
                baseURL: simulator.baseURL, clientId: options.clientId, clientSecret: Secret(options.clientSecret),
                tokenStorePath: tokenStorePath,
                bootstrapRefreshToken: Secret(options.initialRefreshToken),
                reportPolling: ReportPolling(initialDelay: .milliseconds(5), maxDelay: .milliseconds(20), timeout: .seconds(120)),
                retry: retry,
                requestsPerMinute: 600_000,
                downloadDirectory: directory + "/downloads")
        }

        /// A new client, as a new process would build it.
        func client(retry: RetryPolicy? = nil) -> PinterestClient {
            let events = self.events
            let configuration = retry.map { self.configuration(retry: $0) } ?? self.configuration()
            return PinterestClient(configuration: configuration, transport: URLSessionTransport(),
                                   onEvent: { event in events.update { $0.append(event) } })
        }

        var accounts: [String] { simulator.oracle.accounts.map(\.id) }

        /// The last `days` complete days, as the delivery job asks for them.
        func window(days: Int = 5) -> DayRange {
            let yesterday = simulator.today.adding(days: -1)
            return DayRange(first: yesterday.adding(days: -(days - 1)), last: yesterday)!
        }

        /// Every secret the simulator knows about, for leak checks.
        var secrets: [String] {
            [options.clientSecret, options.initialRefreshToken, simulator.currentRefreshToken]
        }
    }

    static func rows(_ client: PinterestClient, account: String, window: DayRange) async throws -> [DeliveryRow] {
        var rows: [DeliveryRow] = []
        _ = try await client.deliveryRows(adAccountId: account, range: window) { rows.append($0) }
        return rows
    }

    static func key(_ row: DeliveryRow) -> String { "\(row.date) \(row.pinPromotionId)" }

    static func expectEqualToOracle(_ rows: [DeliveryRow], _ world: World, account: String, window: DayRange,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        let want = world.simulator.oracle.deliveryRows(account: account, in: window)
        #expect(!want.isEmpty, "the oracle has rows to compare", sourceLocation: sourceLocation)
        #expect(rows.count == want.count, sourceLocation: sourceLocation)
        #expect(Set(rows.map(key)).count == rows.count, "no row twice", sourceLocation: sourceLocation)
        #expect(rows.sorted { key($0) < key($1) } == want.sorted { key($0) < key($1) }, sourceLocation: sourceLocation)
    }

    /// The refresh tokens the simulator received, in order.
    static func refreshTokensSent(_ simulator: PinterestSimulator) -> [String] {
        simulator.requests.filter { $0.path.hasSuffix("/oauth/token") }.compactMap { request in
            let form = String(decoding: request.body, as: UTF8.self)
            return URLComponents(string: "?" + form)?.queryItems?.first { $0.name == "refresh_token" }?.value
        }
    }

    @Test func rotatedRefreshTokenSurvivesRestartAndTheOldOneIsNeverSentAgain() async throws {
        let world = try await World()
        let first = world.client()
        #expect(try await first.adAccounts().count == 2)
        let rotated = world.simulator.currentRefreshToken
        #expect(rotated != world.options.initialRefreshToken)
        let stored = try #require(try FileTokenStore(path: world.tokenStorePath).load())
        #expect(stored.refreshToken == rotated)
        let mode = try FileManager.default.attributesOfItem(atPath: world.tokenStorePath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // A second process while the access token is still valid: no refresh at all.
        world.simulator.clearRequests()
        _ = try await world.client().adAccounts()
        #expect(Self.refreshTokensSent(world.simulator).isEmpty)

        // The access token dies; a third process refreshes with the rotated token, never the
        // bootstrap one from its configuration (which the simulator now rejects).
        world.simulator.expireAccessTokens()
        _ = try await world.client().adAccounts()
        #expect(Self.refreshTokensSent(world.simulator) == [rotated])
        #expect(try FileTokenStore(path: world.tokenStorePath).load()?.refreshToken == world.simulator.currentRefreshToken)

        // The first client, still running, holds a dead token; the one on disk is dead too (the
        // other process stored it before it was revoked): it refreshes with the stored token.
        world.simulator.clearRequests()
        let before = world.simulator.currentRefreshToken
        world.simulator.expireAccessTokens()
        _ = try await first.adAccounts()
        #expect(Self.refreshTokensSent(world.simulator) == [before])
    }

    @Test func reportDownloadCarriesNoAuthorizationAndMatchesTheOracle() async throws {
        let world = try await World()
        let client = world.client()
        let window = world.window()
        for account in world.accounts {
            Self.expectEqualToOracle(try await Self.rows(client, account: account, window: window), world,
                                     account: account, window: window)
        }
        let downloads = world.simulator.requests.filter { $0.path.hasPrefix("/downloads/") }
        let api = world.simulator.requests.filter { $0.path.hasPrefix("/v5/ad_accounts/") }
        #expect(downloads.count == 2)
        #expect(downloads.allSatisfy { $0.header("Authorization") == nil })
        #expect(!api.isEmpty && api.allSatisfy { $0.header("Authorization")?.hasPrefix("Bearer ") == true })
        let create = try #require(world.simulator.requests.first { $0.method == "POST" && $0.path.hasSuffix("/reports") })
        let body = try #require(try JSONSerialization.jsonObject(with: create.body) as? [String: Any])
        #expect(body["level"] as? String == "PIN_PROMOTION")
        #expect(body["granularity"] as? String == "DAY")
    }

    @Test(arguments: [false, true])
    func reportIdsAsNumbersOrTextGiveTheSameRows(numbers: Bool) async throws {
        let world = try await World { $0.reportIdsAsNumbers = numbers; $0.accountCount = 1; $0.adsPerAccount = 60 }
        let window = world.window(days: 30)
        let account = try #require(world.accounts.first)
        let rows = try await Self.rows(world.client(), account: account, window: window)
        Self.expectEqualToOracle(rows, world, account: account, window: window)
        // 18-digit ids stay exact text, whichever way the file spells them.
        #expect(rows.allSatisfy { $0.pinPromotionId.count >= 15 && $0.pinPromotionId.allSatisfy(\.isNumber) })
    }

    @Test func listsEveryStatusIncludingArchivedInTheFewestPages() async throws {
        let world = try await World { $0.accountCount = 1; $0.adsPerAccount = 600 }
        let account = try #require(world.accounts.first)
        let client = world.client()
        _ = try await client.adAccounts()   // the refresh happens here, not in the counts below
        world.simulator.clearRequests()

        var ads: [AdRecord] = []
        try await client.forEachAdPage(adAccountId: account) { ads += $0 }
        var groups: [AdGroupRecord] = []
        try await client.forEachAdGroupPage(adAccountId: account) { groups += $0 }
        var campaigns: [CampaignRecord] = []
        try await client.forEachCampaignPage(adAccountId: account) { campaigns += $0 }

        let oracle = world.simulator.oracle
        #expect(Set(ads.map(\.id)) == Set(oracle.ads(account: account).map(\.id)))
        #expect(ads.count == oracle.ads(account: account).count)
        #expect(Set(groups.map(\.id)) == Set(oracle.adGroups(account: account).map(\.id)))
        #expect(Set(campaigns.map(\.id)) == Set(oracle.campaigns(account: account).map(\.id)))
        #expect(ads.contains { $0.status == "ARCHIVED" })
        #expect(campaigns.contains { $0.status == "ARCHIVED" })

        func calls(_ suffix: String) -> [RecordedRequest] {
            world.simulator.requests.filter { $0.method == "GET" && $0.path.hasSuffix(suffix) }
        }
        func pages(_ n: Int) -> Int { (n + 249) / 250 }
        #expect(calls("/ads").count == pages(ads.count))
        #expect(calls("/ad_groups").count == pages(groups.count))
        #expect(calls("/campaigns").count == pages(campaigns.count))
        for request in calls("/ads") {
            #expect(request.queryValues("page_size") == ["250"])
            #expect(Set(request.queryValues("entity_statuses")) == ["ACTIVE", "PAUSED", "ARCHIVED"])
        }
    }

    /// Faults the client rides out: the data in the end is complete and exact.
    @Test(arguments: [
        "429x4",
        "500x2, 503x2",
        "reset, reset@/reports",
        "truncate",      // cut short on the wire: the download is retried whole
        "retry:1s@/reports",
        "fail",
        "expire",
        "expire-token",
        "429x2@/downloads/, slow:200ms@/downloads/",
    ])
    func faultsStillEndWithCompleteData(faults: String) async throws {
        let world = try await World { $0.accountCount = 1; $0.enforceRateLimit = true }
        let client = world.client()
        let account = try #require(world.accounts.first)
        _ = try await client.adAccounts()
        try world.simulator.inject(faults)
        let window = world.window()
        Self.expectEqualToOracle(try await Self.rows(client, account: account, window: window), world,
                                 account: account, window: window)
        let retries = world.events.get().filter { if case .retry = $0 { true } else { false } }
        if !["fail", "expire", "expire-token"].contains(faults) {
            #expect(!retries.isEmpty, "the fault was met and retried")
        }
        Self.expectNoSecrets(world.events.get().map(\.description), world)
    }

    /// A 429 storm under the real rate limit: the client paces itself and loses nothing.
    @Test func rateLimitStormAcrossAccountsStillCompletes() async throws {
        let world = try await World { $0.accountCount = 3; $0.enforceRateLimit = true }
        let client = world.client()
        try world.simulator.inject("429x6, 429x3@/reports")
        let window = world.window()
        try await withThrowingTaskGroup(of: (String, [DeliveryRow]).self) { group in
            for account in world.accounts {
                group.addTask { (account, try await Self.rows(client, account: account, window: window)) }
            }
            for try await (account, rows) in group {
                Self.expectEqualToOracle(rows, world, account: account, window: window)
            }
        }
    }

    /// A file that arrives whole but is not a report is an error the job handles (it asks once more).
    @Test func malformedDownloadIsAReportFileError() async throws {
        let world = try await World { $0.accountCount = 1 }
        let account = try #require(world.accounts.first)
        let client = world.client()
        try world.simulator.inject("malformed")
        await #expect {
            _ = try await Self.rows(client, account: account, window: world.window())
        } throws: { error in
            guard case .reportFile(let failing, _, _) = error as? PinterestAPIError else { return false }
            return failing == account
        }
        // The next report is whole again.
        Self.expectEqualToOracle(try await Self.rows(client, account: account, window: world.window()), world,
                                 account: account, window: world.window())
    }

    @Test func revokedRefreshTokenIsAnAuthenticationError() async throws {
        let world = try await World()
        world.simulator.revokeRefreshTokens()
        let client = world.client()
        await #expect {
            _ = try await client.adAccounts()
        } throws: { error in
            guard let error = error as? PinterestAPIError, case .authorizationRejected = error else { return false }
            return error.exitCode == 77 && error.description.contains("pinterest-etl auth")
        }
        let stored = try FileTokenStore(path: world.tokenStorePath).load()
        #expect(stored?.accessToken == nil, "no access token was obtained")
    }

    @Test func persistentServerErrorsAreUnavailableAndRateLimitsAreRateLimited() async throws {
        let world = try await World()
        let quick = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20),
                                maxTotalWait: .seconds(5), requestTimeout: 10)
        let client = world.client(retry: quick)
        _ = try await client.adAccounts()

        try world.simulator.inject("503x3@/ad_accounts")
        await #expect {
            _ = try await client.adAccounts()
        } throws: { error in
            guard let error = error as? PinterestAPIError, case .unavailable = error else { return false }
            return error.exitCode == 69
        }
        try world.simulator.inject("429x3@/ad_accounts")
        await #expect {
            _ = try await client.adAccounts()
        } throws: { error in
            guard let error = error as? PinterestAPIError, case .rateLimited = error else { return false }
            return error.exitCode == 75
        }
    }

    @Test func noSecretInAnyEventOrErrorOfAFullRun() async throws {
        let world = try await World { $0.enforceRateLimit = true }
        let client = world.client()
        try world.simulator.inject("429x2, 500, expire-token")
        var descriptions: [String] = []
        for account in world.accounts {
            _ = try await Self.rows(client, account: account, window: world.window())
        }
        let revoked = try await World()
        revoked.simulator.revokeRefreshTokens()
        do { _ = try await revoked.client().adAccounts() } catch { descriptions.append("\(error)") }
        try world.simulator.inject("malformed")
        do { _ = try await Self.rows(client, account: world.accounts[0], window: world.window()) } catch {
            descriptions.append("\(error)")
        }
        #expect(descriptions.count == 2)
        descriptions += world.events.get().map(\.description) + revoked.events.get().map(\.description)
        Self.expectNoSecrets(descriptions, world)
        Self.expectNoSecrets(descriptions, revoked)
        let stored = try #require(try FileTokenStore(path: world.tokenStorePath).load())
        for text in descriptions {
            #expect(!text.contains(stored.accessToken ?? "no access token"))
        }
    }

    static func expectNoSecrets(_ texts: [String], _ world: World, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in world.secrets {
                #expect(!text.contains(secret), "a secret leaked into: \(text.prefix(80))", sourceLocation: sourceLocation)
            }
            #expect(!text.contains("X-Amz-Signature"), sourceLocation: sourceLocation)
            #expect(!text.contains("Bearer"), sourceLocation: sourceLocation)
        }
    }
}
