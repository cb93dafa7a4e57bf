/// Runs the accounts of a run side by side, a bounded number at a time.
enum AccountPool {
    /// Runs `work` for every account, at most `limit` at once, and returns the results in input
    /// order. Each account's work catches its own errors, so one account never stops another.
    static func forEach<Result: Sendable>(
        _ accounts: [String], limit: Int, _ work: @escaping @Sendable (String) async -> Result
    ) async -> [Result] {
        await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: accounts.count)
            var next = 0
            func startNext() {
                guard next < accounts.count else { return }
                let index = next
                let account = accounts[index]
                next += 1
                group.addTask { (index, await work(account)) }
            }
            for _ in 0..<max(1, limit) { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
            return results.map { $0! }
        }
    }
}
