/// Runs `work` for every account, at most `limit` at once, and returns the outcomes in input
/// order. Each account's work catches its own errors, so one account never stops another.
func forEachAccount(
    _ accounts: [String], limit: Int, _ work: @escaping @Sendable (String) async -> AccountOutcome
) async -> [AccountOutcome] {
    await withTaskGroup(of: (Int, AccountOutcome).self) { group in
        var results = [AccountOutcome?](repeating: nil, count: accounts.count)
        var next = 0
        func startNext() {
            guard next < accounts.count else { return }
            let index = next
            let account = accounts[index]
            next += 1
            group.addTask { (index, await work(account)) }
        }
        for _ in 0..<max(1, limit) { startNext() }
        while let (index, outcome) = await group.next() {
            results[index] = outcome
            startNext()
        }
        return results.map { $0! }
    }
}

/// Lets at most one task at a time write to a warehouse that has a single writer (SQLite), so
/// parallel accounts download in parallel and queue here instead of timing out on the file lock.
actor WriteGate {
    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    nonisolated func withTurn<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
