import Dispatch
import Foundation
import Synchronization

/// SIGTERM and SIGINT cancel the running command: open transactions roll back (a load checks
/// for cancellation as rows stream in) and the process exits 130.
public enum Signals {
    /// Runs `body`, cancelling it on SIGTERM/SIGINT; a second signal ends the process at once.
    public static func runCancellable(_ body: @escaping @Sendable () async -> Int32) async -> Int32 {
        let task = Task { await body() }
        let sources = [SIGTERM, SIGINT].map { signalNumber -> DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            let count = Mutex(0)
            source.setEventHandler {
                let seen = count.withLock { value -> Int in value += 1; return value }
                if seen > 1 { _exit(ExitCode.interrupted.rawValue) }
                FileHandle.standardError.write(Data("pinterest-etl: stopping on signal \(signalNumber); rolling back open work\n".utf8))
                task.cancel()
            }
            source.resume()
            return source
        }
        let code = await task.value
        sources.forEach { $0.cancel() }
        return task.isCancelled && code != 0 ? ExitCode.interrupted.rawValue : code
    }

    /// Suspends until the running command is cancelled by SIGTERM or SIGINT.
    public static func waitForTermination() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
