import Foundation
import Testing
@testable import PinterestAPI

@Suite struct TokenStoreTests {
    @Test func lockExcludesOtherHolders() async throws {
        let store = FileTokenStore(path: (Fixture.temporaryDirectory() as NSString).appendingPathComponent("a/b/tokens.json"))
        let order = Box<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await store.withLock { _ in
                    order.update { $0.append("first in") }
                    try await Task.sleep(for: .milliseconds(150))
                    order.update { $0.append("first out") }
                }
            }
            group.addTask {
                // Only once the first holds the lock (an event, not a guess at the scheduler).
                while !order.get().contains("first in") { try await Task.sleep(for: .milliseconds(5)) }
                try await store.withLock { _ in order.update { $0.append("second in") } }
            }
            try await group.waitForAll()
        }
        #expect(order.get() == ["first in", "first out", "second in"])
    }

    @Test func refreshByAnotherProcessIsPickedUpUnderTheLock() async throws {
        let directory = Fixture.temporaryDirectory()
        let configuration = Fixture.configuration(directory: directory)
        try Fixture.seedStore(configuration, access: "pina.MINE", refresh: "pinr.MINE")
        let transport = FakeTransport { request in
            if request.url!.path.hasSuffix("/oauth/token") { return Fixture.tokenResponse(access: "pina.X", refresh: "pinr.X") }
            if request.value(forHTTPHeaderField: "Authorization") == "Bearer pina.THEIRS" { return .json(#"{"id":"1"}"#) }
            // Meanwhile another process rotated the tokens; ours is now rejected.
            try Fixture.seedStore(configuration, access: "pina.THEIRS", refresh: "pinr.THEIRS")
            return .json(#"{"code":2,"message":"Authentication failed."}"#, status: 401)
        }
        let client = PinterestClient(configuration: configuration, transport: transport)
        _ = try await client.adAccount(id: "1")
        #expect(transport.requests(path: "/oauth/token").isEmpty)
        #expect(try Fixture.storedTokens(configuration)?.refreshToken == "pinr.THEIRS")
    }

    @Test func corruptStoreIsAClearError() throws {
        let path = (Fixture.temporaryDirectory() as NSString).appendingPathComponent("tokens.json")
        try Data("not json pinr.SECRET".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try FileTokenStore(path: path).load()
        } throws: { error in
            "\(error)".contains("pinterest-etl auth") && !"\(error)".contains("pinr.SECRET")
        }
    }
}
