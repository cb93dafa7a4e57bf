import Foundation
import PinterestModel

/// Runs a program to completion and reports how it ended and its peak resident memory, read from
/// the kernel with `wait4` (Foundation's `Process` reaps its children itself and never exposes
/// their resource usage). The one place in the bench that touches posix_spawn's C strings.
struct ChildProcess {
    struct Outcome: Sendable {
        /// The exit code, or 128 + the signal that ended it.
        let status: Int32
        let stdout: String
        let stderr: String
        /// ru_maxrss of the child alone, in bytes.
        let peakResidentBytes: Int
        let seconds: Double
        /// User plus system CPU time of the child: with `seconds`, shows whether it waited.
        let cpuSeconds: Double
    }

    var arguments: [String]
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where the child starts (the postgres user may not be able to read the current directory).
    var directory = "/tmp"

    /// Waits without blocking a thread of the concurrency pool: the simulator the child talks to
    /// serves from this process.
    func run() async throws -> Outcome {
        let base = NSTemporaryDirectory() + "pinterest-etl-bench-\(UUID().uuidString)"
        let outPath = base + ".out", errPath = base + ".err"
        defer { unlink(outPath); unlink(errPath) }
        let start = ContinuousClock.now
        let pid = try spawn(outPath: outPath, errPath: errPath)
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if done == -1 && errno != EINTR {
                throw BenchError("waiting for \(arguments[0]) failed: \(String(cString: strerror(errno)))")
            }
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                // Cancelled (the bench was interrupted): stop the child rather than wait for it.
                kill(pid, SIGTERM)
                _ = wait4(pid, &status, 0, &usage)
                throw error
            }
        }
        let elapsed = ContinuousClock.now - start
        let exited = (status & 0x7f) == 0
        return Outcome(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            peakResidentBytes: Int(usage.ru_maxrss) * 1024,  // Linux reports kilobytes
            seconds: elapsed.seconds,
            cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6)
    }

    private func spawn(outPath: String, errPath: String) throws -> pid_t {
        precondition(!arguments.isEmpty)
        // Through sh so the child starts in `directory` (posix_spawn has no portable chdir).
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let cArguments = command.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, command[0], &actions, nil, cArguments, cEnvironment)
        guard code == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(code)))") }
        return pid
    }

    /// This program's own executable, so the bench can run its jobs as separate processes.
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
