import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct OAuthTests {
    static let account = #"{"id":"549755885175","name":"ACME","currency":"USD","country":"US"}"#

    @Test func expiredTokenIsRefreshedAndRotatedTokenStoredBeforeUse() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory)
        try Fixture.seedStore(configuration, access: "pina.OLD", refresh: "pinr.OLD", expired: true)
        let storeSeenAtUse = Box<StoredTokens?>(nil)
        let transport = FakeTransport { request in
            if request.url!.path.hasSuffix("/oauth/token") {
                return Fixture.tokenResponse(access: "pina.NEW", refresh: "pinr.NEW")
            }
            storeSeenAtUse.set(try Fixture.storedTokens(configuration))
            #expect(request.value(forHTTPHeaderField: "Authorization") == "Bearer pina.NEW")
            return .json(Self.account)
        }
        let events = Box<[APIEvent]>([])
        let client = PinterestClient(configuration: configuration, transport: transport) { e in events.update { $0.append(e) } }
        let record = try await client.adAccount(id: "549755885175")
        #expect(record.name == "ACME")
        #expect(storeSeenAtUse.get()?.refreshToken == "pinr.NEW")
        #expect(storeSeenAtUse.get()?.accessToken == "pina.NEW")

        let tokenRequest = try #require(transport.requests(path: "/oauth/token").first)
        #expect(tokenRequest.httpMethod == "POST")
        let basic = Data("1234567:\(Fixture.clientSecret)".utf8).base64EncodedString()
        #expect(tokenRequest.value(forHTTPHeaderField: "Authorization") == "Basic \(basic)")
        #expect(tokenRequest.value(forHTTPHeaderField: "Content-Type") == "application/x-www-form-urlencoded")
        #expect(tokenRequest.formFields == ["grant_type": "refresh_token", "refresh_token": "pinr.OLD", "continuous_refresh": "true"])
        #expect(events.get().contains { if case .tokenRefreshed = $0 { true } else { false } })
        #expect(client.requestCount(account: nil) == 1)
        #expect(client.requestCount(account: "549755885175") == 1)
        #expect(client.totalRequests == 2)
    }

    @Test func storeIsMode0600InA0700DirectoryAndWrittenAtomically() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory, bootstrap: "pinr.BOOT")
        let transport = FakeTransport { request in
            request.url!.path.hasSuffix("/oauth/token") ? Fixture.tokenResponse(access: "pina.A", refresh: "pinr.B") : .json(Self.account)
        }
        let client = PinterestClient(configuration: configuration, transport: transport)
        try await client.checkAuthorization()
        let attributes = try FileManager.default.attributesOfItem(atPath: configuration.tokenStorePath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: (configuration.tokenStorePath as NSString).deletingLastPathComponent)
        #expect((dirAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        // Only the store and its lock file: no temporary left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: (configuration.tokenStorePath as NSString).deletingLastPathComponent)
        #expect(Set(names) == ["tokens.json", "tokens.json.lock"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: configuration.tokenStorePath))) as? [String: Any]
        #expect(json?["refresh_token"] as? String == "pinr.B")
        #expect(json?["access_token"] as? String == "pina.A")
        #expect(json?["access_token_expires_at"] is NSNumber)
        #expect(json?["refresh_token_expires_at"] as? NSNumber == 1_900_000_000)

        // Saving again replaces the file (a new inode), never rewrites it in place.
        let before = try FileManager.default.attributesOfItem(atPath: configuration.tokenStorePath)[.systemFileNumber] as? NSNumber
        try await client.checkAuthorization()
        let after = try FileManager.default.attributesOfItem(atPath: configuration.tokenStorePath)[.systemFileNumber] as? NSNumber
        #expect(before != after)
    }

    @Test func validAccessTokenIsReusedAcrossClients() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory, bootstrap: "pinr.BOOT")
        let transport = FakeTransport { request in
            request.url!.path.hasSuffix("/oauth/token") ? Fixture.tokenResponse(access: "pina.A", refresh: "pinr.B") : .json(Self.account)
        }
        _ = try await PinterestClient(configuration: configuration, transport: transport).adAccount(id: "1")
        #expect(transport.requests(path: "/oauth/token").count == 1)
        let second = PinterestClient(configuration: configuration, transport: transport)
        _ = try await second.adAccount(id: "1")
        _ = try await second.adAccount(id: "1")
        #expect(transport.requests(path: "/oauth/token").count == 1)
        #expect(transport.requests.last?.value(forHTTPHeaderField: "Authorization") == "Bearer pina.A")
    }

    @Test func storeWinsOverBootstrapToken() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory, bootstrap: "pinr.BOOT")
        try Fixture.seedStore(configuration, access: "pina.X", refresh: "pinr.STORED", expired: true)
        let transport = FakeTransport { request in
            request.url!.path.hasSuffix("/oauth/token") ? Fixture.tokenResponse(access: "pina.A", refresh: "pinr.B") : .json(Self.account)
        }
        _ = try await PinterestClient(configuration: configuration, transport: transport).adAccount(id: "1")
        #expect(transport.requests(path: "/oauth/token").first?.formFields["refresh_token"] == "pinr.STORED")
    }

    @Test func concurrent401sCauseExactlyOneRefresh() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory)
        try Fixture.seedStore(configuration, access: "pina.REVOKED", refresh: "pinr.R1")
        let transport = FakeTransport { request in
            if request.url!.path.hasSuffix("/oauth/token") {
                try await Task.sleep(for: .milliseconds(50))
                return Fixture.tokenResponse(access: "pina.FRESH", refresh: "pinr.R2")
            }
            if request.value(forHTTPHeaderField: "Authorization") == "Bearer pina.FRESH" { return .json(Self.account) }
            return .json(#"{"code":2,"message":"Authentication failed."}"#, status: 401)
        }
        let client = PinterestClient(configuration: configuration, transport: transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { _ = try await client.adAccount(id: "549755885175") } }
            try await group.waitForAll()
        }
        #expect(transport.requests(path: "/oauth/token").count == 1)
        #expect((13...24).contains(transport.requests(path: "/ad_accounts/549755885175").count))
        #expect(try Fixture.storedTokens(configuration)?.refreshToken == "pinr.R2")
    }

    @Test func rejectedRefreshIsAnAuthError() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory)
        try Fixture.seedStore(configuration, access: "pina.OLD", refresh: "pinr.REVOKED-VALUE", expired: true)
        let transport = FakeTransport { request in
            .json(#"{"code":2,"message":"Authentication failed for pinr.REVOKED-VALUE"}"#, status: 400)
        }
        let client = PinterestClient(configuration: configuration, transport: transport)
        let error = await #expect(throws: PinterestAPIError.self) { try await client.adAccounts() }
        #expect(error?.exitCode == 77)
        #expect(error?.description.contains("pinterest-etl auth") == true)
        #expect(error?.description.contains("pinr.REVOKED") == false)
        #expect(error?.description.contains(Fixture.clientSecret) == false)
        #expect(transport.requests.count == 1)   // an invalid grant is not retried
    }

    /// The store passed its check, then broke while Pinterest was rotating the token: the new
    /// refresh token is lost, and the user is told to fix the store and authorize again (77).
    @Test func rotatedTokenThatCannotBeStoredIsAnAuthError() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory)
        try Fixture.seedStore(configuration, access: "pina.OLD", refresh: "pinr.OLD", expired: true)
        let state = (configuration.tokenStorePath as NSString).deletingLastPathComponent
        let transport = FakeTransport { request in
            if request.url!.path.hasSuffix("/oauth/token") {
                // The state folder becomes a plain file: even root cannot write the store now.
                try? FileManager.default.removeItem(atPath: state)
                _ = FileManager.default.createFile(atPath: state, contents: Data("not a folder".utf8))
                return Fixture.tokenResponse(access: "pina.NEW", refresh: "pinr.NEW-LOST")
            }
            return .json(Self.account)
        }
        let client = PinterestClient(configuration: configuration, transport: transport)
        let error = await #expect(throws: PinterestAPIError.self) { try await client.adAccount(id: "549755885175") }
        guard case .rotatedTokenNotStored? = error else {
            Issue.record("expected rotatedTokenNotStored, got \(String(describing: error))")
            return
        }
        #expect(error?.exitCode == 77)
        #expect(error?.description.contains("pinterest-etl auth") == true)
        #expect(error?.description.contains("pinr.NEW-LOST") == false)
        #expect(transport.requests(path: "/ad_accounts/549755885175").isEmpty, "the new access token was never used")
    }

    @Test func persistent401AfterRefreshIsAnAuthError() async throws {
        let transport = FakeTransport { request in
            if request.url!.path.hasSuffix("/oauth/token") { return Fixture.tokenResponse(access: "pina.N", refresh: "pinr.N") }
            return .json(#"{"code":2,"message":"Authentication failed."}"#, status: 401)
        }
        let client = try Fixture.client(transport)
        let error = await #expect(throws: PinterestAPIError.self) { try await client.adAccount(id: "1") }
        #expect(error?.exitCode == 77)
        #expect(transport.requests(path: "/ad_accounts/1").count == 2)
    }

    @Test func noRefreshTokenAnywhereIsAnAuthError() async throws {
        let configuration = Fixture.configuration(directory: Fixture.temporaryDirectory())
        let transport = FakeTransport { _ in .json("{}") }
        let client = PinterestClient(configuration: configuration, transport: transport)
        let error = await #expect(throws: PinterestAPIError.self) { try await client.adAccounts() }
        #expect(error?.exitCode == 77)
        #expect(transport.requests.isEmpty)
    }

    @Test func authorizationCodeExchangeStoresTokens() async throws {
        let configuration = Fixture.configuration(directory: Fixture.temporaryDirectory())
        let transport = FakeTransport { _ in Fixture.tokenResponse(access: "pina.CODE", refresh: "pinr.CODE") }
        let client = PinterestClient(configuration: configuration, transport: transport)
        try await client.exchangeAuthorizationCode("abc+/=", redirectURI: "http://localhost:8085/")
        let fields = try #require(transport.requests.first).formFields
        #expect(fields["grant_type"] == "authorization_code")
        #expect(fields["code"] == "abc+/=")
        #expect(fields["redirect_uri"] == "http://localhost:8085/")
        #expect(try Fixture.storedTokens(configuration)?.refreshToken == "pinr.CODE")
    }

    @Test func authorizationURLFollowsSection2_1() throws {
        let client = PinterestClient(configuration: Fixture.configuration(directory: Fixture.temporaryDirectory()),
                                     transport: FakeTransport { _ in .json("{}") })
        let url = client.authorizationURL(redirectURI: "http://localhost:8085/cb", state: "xyz", scopes: ["ads:read", "user_accounts:read"])
        let components = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false))
        #expect(components.host == "www.pinterest.com")
        #expect(components.path == "/oauth/")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items == ["client_id": "1234567", "redirect_uri": "http://localhost:8085/cb", "response_type": "code",
                          "scope": "ads:read,user_accounts:read", "state": "xyz"])
        #expect(!url.absoluteString.contains(Fixture.clientSecret))
    }

    @Test func defaultTokenStorePath() {
        #expect(PinterestAPIConfiguration.defaultTokenStorePath(environment: ["STATE_DIRECTORY": "/var/lib/pinterest-etl", "HOME": "/home/u"])
                == "/var/lib/pinterest-etl/tokens.json")
        #expect(PinterestAPIConfiguration.defaultTokenStorePath(environment: ["HOME": "/home/u"])
                == "/home/u/.local/state/pinterest-etl/tokens.json")
    }
}
