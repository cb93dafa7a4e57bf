import Foundation

/// A thread of its own for one account's work. The sinks call libsqlite3 and libpq
/// synchronously, and a load waits on its parse-ahead thread: on Swift's cooperative pool (one
/// thread per core) a few such loads would park every pool thread, and other accounts' polls,
/// downloads and timeouts would wait for them. With this as the task's executor preference
/// (`withTaskExecutorPreference`), the account's nonisolated async code runs here instead, and
/// blocking here blocks only this account.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs`, `stopping` and `finished` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    /// The thread has ended: a job that still arrives (a late timer of a task that moved on)
    /// goes to the global executor rather than wait for a thread that is gone.
    private var finished = false

    init(name: String) {
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        condition.lock()
        if finished {
            condition.unlock()
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(UnownedJob(job))
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
                finished = true
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
