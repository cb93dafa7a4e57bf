import Foundation

/// A thread of its own for one account's work. The sinks call libsqlite3 and libpq
/// synchronously, and a load waits on its parse-ahead thread: on Swift's cooperative pool (one
/// thread per core) a few such loads would park every pool thread, and other accounts' polls,
/// downloads and timeouts would wait for them. With this as the task's executor preference
/// (`withTaskExecutorPreference`), the account's nonisolated async code runs here instead, and
/// blocking here blocks only this account.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `stopping` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init(name: String) {
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once no job is left; call when the work it served has returned.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty, !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
