import Foundation
import PinterestModel
import Synchronization

/// One event per line on stderr (or any sink given), as readable text or one JSON object.
///
/// Every line passes through a scrubber holding the secrets this run knows (tokens, client
/// secret, database password), so a secret that slipped into a message is still never written.
public final class Logger: Sendable {
    public let format: LogFormat
    public let level: LogLevel
    /// Fields every line of this logger carries (job, run id, account).
    private let context: [(String, String)]
    private let output: LogOutput

    public init(format: LogFormat = .text, level: LogLevel = .info,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.format = format
        self.level = level
        self.context = []
        self.output = LogOutput(write: write)
    }

    private init(format: LogFormat, level: LogLevel, context: [(String, String)], output: LogOutput) {
        self.format = format
        self.level = level
        self.context = context
        self.output = output
    }

    /// A logger whose lines also carry `fields` (e.g. `job`, `run_id`, `account`).
    public func with(_ fields: (String, String)...) -> Logger {
        Logger(format: format, level: level, context: context + fields, output: output)
    }

    /// Adds values that must never appear in a log line; they are replaced by `<redacted>`.
    public func redacting(_ secrets: [String]) {
        output.addSecrets(secrets.filter { $0.count >= 4 })
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: (String, String)...) { log(.debug, message(), fields) }
    public func info(_ message: @autoclosure () -> String, _ fields: (String, String)...) { log(.info, message(), fields) }
    public func warning(_ message: @autoclosure () -> String, _ fields: (String, String)...) { log(.warning, message(), fields) }
    public func error(_ message: @autoclosure () -> String, _ fields: (String, String)...) { log(.error, message(), fields) }

    public func log(_ eventLevel: LogLevel, _ message: @autoclosure () -> String, _ fields: [(String, String)]) {
        guard eventLevel >= level else { return }
        let time = ISO8601DateFormatter.logTime.string(from: Date())
        let all = context + fields
        let line: String
        switch format {
        case .text:
            var text = "\(time) \(eventLevel.name.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(message())"
            for (key, value) in all { text += " \(key)=\(Self.quoteIfNeeded(value))" }
            line = text
        case .json:
            var text = "{\"time\":\(Self.jsonString(time)),\"level\":\(Self.jsonString(eventLevel.name)),\"message\":\(Self.jsonString(message()))"
            for (key, value) in all { text += ",\(Self.jsonString(key)):\(Self.jsonString(value))" }
            line = text + "}"
        }
        output.write(line + "\n")
    }

    static func quoteIfNeeded(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0.value != 0x7f }
        return plain ? value : jsonString(value)
    }

    /// A JSON string literal (also used to quote text values unambiguously).
    static func jsonString(_ value: String) -> String { JSONText.quoted(value) }
}

/// The shared end of a logger family: lines from parallel accounts never interleave (one line
/// is written while holding the lock).
private final class LogOutput: Sendable {
    private let secrets = Mutex<[String]>([])
    private let writeLine: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void) { self.writeLine = write }

    func addSecrets(_ values: [String]) {
        secrets.withLock { $0.append(contentsOf: values) }
    }

    func write(_ line: String) {
        secrets.withLock { secrets in
            var scrubbed = line
            for secret in secrets where scrubbed.contains(secret) {
                scrubbed = scrubbed.replacingOccurrences(of: secret, with: "<redacted>")
            }
            writeLine(scrubbed)
        }
    }
}

extension ISO8601DateFormatter {
    /// UTC with milliseconds. ISO8601DateFormatter is thread-safe.
    nonisolated(unsafe) static let logTime: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
