import Foundation
import PinterestModel
import Synchronization
import TestSupport
import Testing
@testable import Warehouse

/// `token_store` = `warehouse`: the shared token row, its lock, and who may read it.
@Suite("Token table", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL server could be started"))
struct TokenTableTests {
    static let tokens = StoredTokens(accessToken: "pina.A", accessTokenExpiresAt: 1_900_000_000,
                                     refreshToken: "pinr.R", refreshTokenExpiresAt: 1_950_000_000)

    @Test("tokens saved under the row lock are committed at once and read back exactly")
    func saveAndLoad() async throws {
        let warehouse = try await TestWarehouse.make(.postgres)
        let sink = try warehouse.open()
        defer { sink.close() }
        #expect(try sink.storedTokens(clientId: "app") == nil)
        try await sink.withLockedTokens(clientId: "app", writer: "test") { locked in
            #expect(locked.current == nil)
            try locked.save(Self.tokens)
        }
        // Another connection sees them: committed, not pending.
        let reader = try warehouse.open()
        defer { reader.close() }
        #expect(try reader.storedTokens(clientId: "app") == Self.tokens)
        #expect(try reader.storedTokens(clientId: "another app") == nil)
    }

    @Test("a second holder waits for the row lock and then reads the first holder's refresh")
    func secondHolderSeesTheFirstRefresh() async throws {
        let warehouse = try await TestWarehouse.make(.postgres)
        let order = Events()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let sink = try warehouse.open()
                defer { sink.close() }
                try await sink.withLockedTokens(clientId: "app", writer: "first") { locked in
                    order.add("first in")
                    try await Task.sleep(for: .milliseconds(300))
                    // Noted before the save: the save's commit is what lets the second in.
                    order.add("first saves")
                    try locked.save(Self.tokens)
                }
            }
            group.addTask {
                while !order.all.contains("first in") { try await Task.sleep(for: .milliseconds(5)) }
                let sink = try warehouse.open()
                defer { sink.close() }
                let seen = try await sink.withLockedTokens(clientId: "app", writer: "second") { locked in
                    order.add("second in")
                    return locked.current
                }
                #expect(seen == Self.tokens)
            }
            try await group.waitForAll()
        }
        #expect(order.all == ["first in", "first saves", "second in"])
    }

    @Test("a failure under the lock rolls back: the stored tokens stay as they were")
    func failureRollsBack() async throws {
        let warehouse = try await TestWarehouse.make(.postgres)
        let sink = try warehouse.open()
        defer { sink.close() }
        try await sink.withLockedTokens(clientId: "app", writer: "test") { try $0.save(Self.tokens) }
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await sink.withLockedTokens(clientId: "app", writer: "test") { _ in throw Refused() }
        }
        #expect(try sink.storedTokens(clientId: "app") == Self.tokens)
    }

    @Test("only the owning role can read the tokens: no grant to PUBLIC, so a role given nothing reads nothing")
    func onlyTheOwnerReads() async throws {
        let warehouse = try await TestWarehouse.make(.postgres)
        let sink = try warehouse.open()
        defer { sink.close() }
        try await sink.withLockedTokens(clientId: "app", writer: "test") { try $0.save(Self.tokens) }
        let role = "stranger_\(UInt32.random(in: 0...UInt32.max))"
        try sink.execute("CREATE ROLE \(role) LOGIN")
        let stranger = try Warehouse.open(SinkURL(warehouse.url.replacingOccurrences(of: "postgres@", with: "\(role)@")))
        defer { stranger.close() }
        #expect(throws: (any Error).self) { _ = try stranger.select("SELECT refresh_token FROM etl_oauth_tokens") }
        #expect {
            try stranger.checkTokenTable()
        } throws: { error in
            "\(error)".contains("may not read and write") && !"\(error)".contains("pinr.")
        }
        let grants = try sink.select("""
            SELECT grantee FROM information_schema.role_table_grants WHERE table_name = 'etl_oauth_tokens' AND grantee <> current_user
            """)
        #expect(grants.isEmpty, "the migration grants the token table to no one")
    }

    @Test("SQLite never holds tokens")
    func sqliteRefuses() async throws {
        let warehouse = try await TestWarehouse.make(.sqlite)
        let sink = try warehouse.open()
        defer { sink.close() }
        #expect(throws: WarehouseError.self) { try sink.checkTokenTable() }
        #expect(try sink.select("SELECT name FROM sqlite_master WHERE name = 'etl_oauth_tokens'").isEmpty)
    }
}

/// What happened, in order, across tasks.
private final class Events: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ event: String) { list.withLock { $0.append(event) } }
    var all: [String] { list.withLock { $0 } }
}
