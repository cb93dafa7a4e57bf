import Foundation

/// Runs a program to completion with posix_spawn, its output captured in files (no pipe can fill
/// up, and a server it starts cannot hold a pipe open). Foundation's Process was seen to hang in
/// waitUntilExit here, so tests use this instead.
public enum Subprocess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True when the program was killed because it ran past the timeout.
        public let timedOut: Bool
    }

    /// Waits without blocking a thread of the concurrency pool (tests that run servers in
    /// process, like the simulator, need those threads while the program runs).
    public static func run(_ argv: [String], environment: [String: String]? = nil, directory: String = "/tmp",
                           timeout: Duration = .seconds(300)) async throws -> Result {
        let pid = try spawn(argv, environment: environment, directory: directory)
        return await wait(pid, timeout: timeout)
    }

    /// Waits for a child started by `spawn` (killing it at the timeout), without blocking a
    /// thread of the concurrency pool.
    public static func wait(_ pid: Spawned, timeout: Duration = .seconds(300)) async -> Result {
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        var status: Int32 = 0
        while true {
            let done = waitpid(pid.pid, &status, WNOHANG)
            if done == pid.pid || (done == -1 && errno != EINTR) { break }
            if ContinuousClock.now > deadline, !timedOut {
                timedOut = true
                kill(pid.pid, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return pid.finish(status: status, timedOut: timedOut)
    }

    /// The blocking form, for code outside the concurrency pool (the PostgreSQL server setup).
    public static func runBlocking(_ argv: [String], environment: [String: String]? = nil, directory: String = "/tmp",
                                   timeout: Duration = .seconds(300)) throws -> Result {
        let pid = try spawn(argv, environment: environment, directory: directory)
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        var timedOut = false
        while true {
            let done = waitpid(pid.pid, &status, WNOHANG)
            if done == pid.pid || (done == -1 && errno != EINTR) { break }
            if ContinuousClock.now > deadline, !timedOut {
                timedOut = true
                kill(pid.pid, SIGKILL)
            }
            usleep(10_000)
        }
        return pid.finish(status: status, timedOut: timedOut)
    }

    /// A started child and the files that catch its output.
    public struct Spawned: Sendable {
        public let pid: pid_t
        let outPath: String
        let errPath: String

        /// What the child has written to stderr so far.
        public var stderrSoFar: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        /// Sends `signal` to the child.
        public func send(_ signal: Int32) { kill(pid, signal) }

        func finish(status: Int32, timedOut: Bool) -> Result {
            defer { unlink(outPath); unlink(errPath) }
            let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            let exited = (status & 0x7f) == 0
            return Result(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                          stdout: stdout, stderr: stderr, timedOut: timedOut)
        }
    }

    public static func spawn(_ argv: [String], environment: [String: String]? = nil, directory: String = "/tmp") throws -> Spawned {
        precondition(!argv.isEmpty)
        let base = NSTemporaryDirectory() + "pinterest-etl-run-\(UUID().uuidString)"
        let outPath = base + ".out", errPath = base + ".err"
        // Through sh so the child starts in `directory` (posix_spawn has no portable chdir).
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + argv
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let cArguments = command.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let env = environment ?? ProcessInfo.processInfo.environment
        let cEnvironment = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, cArguments, cEnvironment)
        guard spawned == 0 else {
            unlink(outPath); unlink(errPath)
            throw TestServerError(message: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return Spawned(pid: pid, outPath: outPath, errPath: errPath)
    }
}
