import Foundation
import PinterestModel

/// Runs programs with posix_spawn, their output captured in files (no pipe can fill up, and a
/// server a program starts cannot hold a pipe open), and reaps them with `wait4`, which also
/// gives the child's own peak memory and CPU time. Foundation's `Process` reaps its children
/// itself, never exposes their resource usage, and was seen to hang in `waitUntilExit` here.
public enum Subprocess {
    public struct Result: Sendable {
        /// The exit code, or 128 + the signal that ended it.
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True when the program was killed because it ran past the timeout.
        public let timedOut: Bool
        /// Wall time from start to exit.
        public let seconds: Double
        /// User plus system CPU time of the child: with `seconds`, shows whether it waited.
        public let cpuSeconds: Double
        /// The child's own peak resident memory, in bytes: the high-water mark of its address
        /// space (`VmHWM`), read while it runs. Not `ru_maxrss`: posix_spawn's exec folds the
        /// parent's high-water mark into the child's, so a small child of a large parent (the
        /// bench, holding a report's rows) would report the parent's size.
        public let peakResidentBytes: Int
    }

    /// A started child and the files that catch its output.
    public struct Spawned: Sendable {
        public let pid: pid_t
        let outPath: String
        let errPath: String
        let started: ContinuousClock.Instant
        /// The largest `VmHWM` read so far, in bytes.
        private let highWater = HighWater()

        /// What the child has written to stderr so far.
        public var stderrSoFar: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        /// Sends `signal` to the child.
        public func send(_ signal: Int32) { kill(pid, signal) }

        /// Reaps the child if it has ended.
        fileprivate func poll() -> (status: Int32, usage: rusage)? {
            highWater.sample(pid)
            var status: Int32 = 0
            var usage = rusage()
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { return (status, usage) }
            if done == -1 && errno != EINTR { return (status, usage) }  // not ours any more (ECHILD)
            return nil
        }

        fileprivate func finish(status: Int32, usage: rusage, timedOut: Bool) -> Result {
            defer { unlink(outPath); unlink(errPath) }
            let exited = (status & 0x7f) == 0
            return Result(
                status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                timedOut: timedOut,
                seconds: (ContinuousClock.now - started).seconds,
                cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
                peakResidentBytes: highWater.bytes ?? Int(usage.ru_maxrss) * 1024)  // Linux reports kilobytes
        }
    }

    /// Runs `argv` to completion without blocking a thread of the concurrency pool (a simulator
    /// the child talks to may serve from this process). Killed at `timeout`; when the caller is
    /// cancelled, the child gets SIGTERM and the cancellation is rethrown once it has ended.
    public static func run(_ argv: [String], environment: [String: String]? = nil, directory: String = "/tmp",
                           timeout: Duration = .seconds(300)) async throws -> Result {
        let child = try spawn(argv, environment: environment, directory: directory)
        let result = await wait(child, timeout: timeout)
        try Task.checkCancellation()
        return result
    }

    /// Waits for a child started by `spawn`, killing it at the timeout (or with SIGTERM when the
    /// waiting task is cancelled).
    public static func wait(_ child: Spawned, timeout: Duration = .seconds(300)) async -> Result {
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        var terminated = false
        while true {
            if let (status, usage) = child.poll() { return child.finish(status: status, usage: usage, timedOut: timedOut) }
            if ContinuousClock.now > deadline, !timedOut {
                timedOut = true
                child.send(SIGKILL)
            }
            if Task.isCancelled, !terminated {
                terminated = true
                child.send(SIGTERM)
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The blocking form, for code outside the concurrency pool (a PostgreSQL server's setup).
    public static func runBlocking(_ argv: [String], environment: [String: String]? = nil, directory: String = "/tmp",
                                   timeout: Duration = .seconds(300)) throws -> Result {
        let child = try spawn(argv, environment: environment, directory: directory)
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while true {
            if let (status, usage) = child.poll() { return child.finish(status: status, usage: usage, timedOut: timedOut) }
            if ContinuousClock.now > deadline, !timedOut {
                timedOut = true
                child.send(SIGKILL)
            }
            usleep(10_000)
        }
    }

    /// Starts `argv` in `directory` with stdin from /dev/null and stdout/stderr to private files.
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
        let cEnvironment = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let code = posix_spawn(&pid, command[0], &actions, nil, cArguments, cEnvironment)
        guard code == 0 else {
            unlink(outPath); unlink(errPath)
            throw SubprocessError(message: "cannot start \(argv[0]): \(String(cString: strerror(code)))")
        }
        return Spawned(pid: pid, outPath: outPath, errPath: errPath, started: started)
    }

    /// This program's own executable, so a command can run the program as a child.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// A program that could not be started or did not do what it was run for.
public struct SubprocessError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// The peak of a child's resident memory, sampled from `/proc/PID/status` while it runs (the
/// mark only grows, so the last sample before it exits is its peak up to then).
private final class HighWater: @unchecked Sendable {
    // @unchecked: `peak` is only touched under `lock`.
    private let lock = NSLock()
    private var peak: Int?

    var bytes: Int? { lock.withLock { peak } }

    func sample(_ pid: pid_t) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        else { return }
        lock.withLock { peak = max(peak ?? 0, kilobytes * 1024) }
    }
}
