import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PinterestAPI
import PinterestModel

@Suite struct SecretTests {
    static let secrets = [Fixture.clientSecret, "pina.SECRET-ACCESS", "pinr.SECRET-REFRESH", "X-Amz-Signature", "SIGNED-QUERY"]

    static func assertClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!text.contains(secret), "\(secret) leaked in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func secretRedactsItself() {
        let secret = Secret("pina.SECRET-ACCESS")
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(secret.value == "pina.SECRET-ACCESS")
    }

    @Test("dump() and Mirror show no secret, alone or inside a configuration")
    func reflectionHidesTheValue() {
        let secret = Secret("pina.SECRET-ACCESS")
        var dumped = ""
        dump(secret, to: &dumped)
        Self.assertClean(dumped)
        #expect(Mirror(reflecting: secret).children.isEmpty)
        let configuration = Fixture.configuration(directory: "/tmp/x", bootstrap: "pinr.SECRET-REFRESH")
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        Self.assertClean(dumpedConfiguration)
        #expect(dumpedConfiguration.contains("clientId"), "the dump still shows the rest: \(dumpedConfiguration)")
        // Walking the mirror by hand reaches no secret either.
        func walk(_ mirror: Mirror) -> [String] {
            mirror.children.flatMap { child in ["\(child.value)"] + walk(Mirror(reflecting: child.value)) }
        }
        for text in walk(Mirror(reflecting: configuration)) { Self.assertClean(text) }
    }

    @Test func configurationDumpHidesTheClientSecret() {
        let configuration = Fixture.configuration(directory: "/tmp/x", bootstrap: "pinr.SECRET-REFRESH")
        Self.assertClean("\(configuration)")
        Self.assertClean(String(reflecting: configuration))
    }

    @Test func serverMessagesAreScrubbed() {
        let scrubbed = Redaction.scrub("bad token pina.SECRET-ACCESS and pinr.SECRET-REFRESH, secret \(Fixture.clientSecret)",
                                       secrets: [Fixture.clientSecret])
        Self.assertClean(scrubbed)
        #expect(scrubbed.contains("<redacted>"))
    }

    /// Drives every failure path through a hostile fake that echoes secrets everywhere, and checks
    /// every error description and every event.
    @Test func noErrorOrEventCarriesASecret() async throws {
        let echo = #"{"code":2,"message":"token pina.SECRET-ACCESS refresh pinr.SECRET-REFRESH secret \#(Fixture.clientSecret)"}"#
        var descriptions: [String] = []
        let events = Box<[APIEvent]>([])

        func run(_ reply: @escaping @Sendable (URLRequest) async throws -> Reply, expired: Bool = false,
                 _ body: (PinterestClient) async throws -> Void) async {
            let directory = Fixture.temporaryDirectory()
            let configuration = Fixture.configuration(directory: directory, bootstrap: "pinr.SECRET-REFRESH")
            try? Fixture.seedStore(configuration, access: "pina.SECRET-ACCESS", refresh: "pinr.SECRET-REFRESH", expired: expired)
            let client = PinterestClient(configuration: configuration, transport: FakeTransport(reply)) { e in
                events.update { $0.append(e) }
            }
            do { try await body(client) } catch { descriptions.append("\(error)"); descriptions.append(String(reflecting: error)) }
        }

        let statuses = [400, 401, 403, 404, 429, 500, 503]
        for status in statuses {
            await run({ _ in .json(echo, status: status) }) { _ = try await $0.adAccounts() }
            await run({ _ in .json(echo, status: status) }, expired: true) { _ = try await $0.adAccounts() }
        }
        await run({ _ in .json(echo, status: 400) }) { try await $0.checkAuthorization() }
        await run({ _ in .json(echo, status: 401) }) { try await $0.exchangeAuthorizationCode("c", redirectURI: "http://x/") }
        await run({ _ in throw URLError(.timedOut) }) { _ = try await $0.adAccounts() }
        await run({ _ in .json(#"{"items":[{"name":"pina.SECRET-ACCESS"}]}"#) }) { _ = try await $0.adAccounts() }
        // Report paths: download refused, download 500, malformed file.
        for download in [403, 500, 200] {
            await run({ request in
                if request.url!.host == "s3.test" {
                    return Reply(status: download, body: Data("{\"1\":[{\"DATE\":\"pina.SECRET-ACCESS\"".utf8))
                }
                if request.httpMethod == "POST" { return .json(#"{"report_status":"IN_PROGRESS","token":"t"}"#) }
                return .json(#"{"report_status":"FINISHED","url":"https://s3.test/r/metrics_report.txt?X-Amz-Signature=SIGNED-QUERY"}"#)
            }) { client in
                let today = client.today()
                _ = try await client.deliveryRows(adAccountId: "1", range: DayRange(first: today.adding(days: -2), last: today)!) { _ in }
            }
        }
        await run({ _ in .json(echo) }) { client in
            let today = client.today()
            _ = try await client.deliveryRows(adAccountId: "1", range: DayRange(first: today.adding(days: -2000), last: today)!) { _ in }
        }

        #expect(descriptions.count >= 2 * (2 * statuses.count + 8))
        for text in descriptions { Self.assertClean(text) }
        #expect(!events.get().isEmpty)
        for event in events.get() {
            Self.assertClean(event.description)
            Self.assertClean(String(reflecting: event))
        }
    }
}
