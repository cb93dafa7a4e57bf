import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// Everything a run needs to know, validated: built once by `ConfigurationLoader` before any
/// request or write, so a bad value stops the program naming its key (exit 78).
public struct Configuration: Sendable {
    /// Accounts to import; empty means every account the token can read.
    public var adAccountIds: [String] = []
    public var clientId: String?
    public var clientSecret: Secret?
    /// Bootstrap only: the token store holds the current, rotated refresh token.
    public var refreshToken: Secret?
    public var tokenStore: String
    public var apiBaseURL = URL(string: "https://api.pinterest.com/v5")!
    public var sink = "sqlite:pinterest.sqlite"
    public var lookbackDays = 5
    public var attribution = ReportAttribution()
    public var maxParallelAccounts = 4
    /// Attempts per request before giving up (429, 5xx, timeouts, resets).
    public var retryMaxAttempts = 8
    /// Total waiting between attempts of one request before giving up, in seconds.
    public var retryMaxWaitSeconds = 900
    /// How long one request may wait for the server (connect, or between bytes) before it counts
    /// as a timeout and is retried, in seconds.
    public var requestTimeoutSeconds = 60
    /// How long a report may stay in progress before the account fails, in minutes.
    public var reportTimeoutMinutes = 30
    /// How long one report download may take in all before the account fails, in seconds.
    public var reportDownloadTimeoutSeconds = 3600
    /// Where the values came from, for messages: the file path, or nil when only the environment.
    public var file: String?

    public init(tokenStore: String) { self.tokenStore = tokenStore }

    /// Values that must never be printed: handed to the logger's scrubber.
    public var secrets: [String] {
        var values = [clientSecret?.value, refreshToken?.value].compactMap { $0 }
        values += SinkURL.passwords(in: sink)
        return values
    }

    /// The client id and secret, or the configuration error that says which is missing.
    public func appCredentials() throws -> (clientId: String, clientSecret: Secret) {
        guard let clientId, !clientId.isEmpty else {
            throw ConfigurationError(key: "client_id", source: file,
                message: "is required to call Pinterest: set it in the config file or PINTEREST_CLIENT_ID")
        }
        guard let clientSecret, !clientSecret.value.isEmpty else {
            throw ConfigurationError(key: "client_secret", source: file,
                message: "is required to call Pinterest: set PINTEREST_CLIENT_SECRET, PINTEREST_CLIENT_SECRET_FILE or the systemd credential pinterest_client_secret")
        }
        return (clientId, clientSecret)
    }
}

/// A configuration value that cannot be used; names the key and where it came from.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let key: String
    /// A file path or an environment variable name.
    public let source: String?
    public let message: String

    public init(key: String, source: String?, message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    public var description: String {
        "configuration key '\(key)'\(source.map { " (from \($0))" } ?? ""): \(message)"
    }
}

/// Reads the JSON file, the environment, `*_FILE` variables and systemd credentials, in that
/// order of increasing precedence, and validates every value.
public struct ConfigurationLoader: Sendable {
    public static let defaultPath = "/etc/pinterest-etl/config.json"
    static let knownKeys: Set<String> = [
        "ad_account_ids", "client_id", "client_secret", "refresh_token", "token_store", "api_base_url",
        "sink", "lookback_days", "attribution", "max_parallel_accounts", "retry", "report_timeout_minutes",
        "report_download_timeout_seconds",
    ]
    static let retryKeys: Set<String> = ["max_attempts", "max_wait_seconds", "request_timeout_seconds"]
    static let attributionKeys: Set<String> = [
        "click_window_days", "engagement_window_days", "view_window_days", "conversion_report_time",
    ]
    /// The attribution windows Pinterest accepts (reference §6.1).
    static let attributionWindows: Set<Int> = [0, 1, 7, 14, 30, 60]
    static let conversionReportTimes: Set<String> = ["TIME_OF_AD_ACTION", "TIME_OF_CONVERSION"]

    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// - Parameters:
    ///   - explicitPath: `--config`; a named file that does not exist is an error.
    ///   - sinkOverride: `--sink`, which wins over file and environment.
    public func load(explicitPath: String? = nil, sinkOverride: String? = nil) throws -> Configuration {
        var config = Configuration(tokenStore: PinterestAPIConfiguration.defaultTokenStorePath(environment: environment))
        if let path = try configPath(explicit: explicitPath) {
            config.file = path
            try apply(file: path, to: &config)
        }
        try applyEnvironment(to: &config)
        if let sinkOverride { try setSink(sinkOverride, source: "--sink", in: &config) }
        return config
    }

    private func configPath(explicit: String?) throws -> String? {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw ConfigurationError(key: "--config", source: explicit, message: "the file does not exist")
            }
            return explicit
        }
        if let fromEnvironment = environment["PINTEREST_ETL_CONFIG"], !fromEnvironment.isEmpty {
            guard FileManager.default.fileExists(atPath: fromEnvironment) else {
                throw ConfigurationError(key: "PINTEREST_ETL_CONFIG", source: fromEnvironment, message: "the file does not exist")
            }
            return fromEnvironment
        }
        return FileManager.default.fileExists(atPath: Self.defaultPath) ? Self.defaultPath : nil
    }

    // MARK: The file

    private func apply(file path: String, to config: inout Configuration) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(key: "--config", source: path, message: "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= 1 << 20 else {
            throw ConfigurationError(key: "--config", source: path, message: "is larger than 1 MiB; is it the right file?")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ConfigurationError(key: "--config", source: path, message: "is not valid JSON (\(error.localizedDescription))")
        }
        guard let object = parsed as? [String: Any] else {
            throw ConfigurationError(key: "--config", source: path, message: "must hold one JSON object of settings")
        }
        for key in object.keys.sorted() where !Self.knownKeys.contains(key) {
            throw ConfigurationError(key: key, source: path,
                message: "is not a known setting (known: \(Self.knownKeys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else {
                throw ConfigurationError(key: key, source: path, message: "must be a string")
            }
            return text
        }
        if let value = object["ad_account_ids"], !(value is NSNull) {
            guard let items = value as? [Any] else {
                throw ConfigurationError(key: "ad_account_ids", source: path, message: "must be an array of id strings, e.g. [\"549755813888\"]")
            }
            config.adAccountIds = try items.map { item in
                guard let id = item as? String else {
                    throw ConfigurationError(key: "ad_account_ids", source: path,
                        message: "ids must be strings (long numbers lose digits in JSON readers): write \"\(item)\"")
                }
                return try Self.accountId(id, key: "ad_account_ids", source: path)
            }
        }
        if let value = try string("client_id") { config.clientId = value }
        if let value = try string("client_secret") { config.clientSecret = Secret(value) }
        if let value = try string("refresh_token") { config.refreshToken = Secret(value) }
        if let value = try string("token_store") { config.tokenStore = try Self.nonEmpty(value, key: "token_store", source: path) }
        if let value = try string("api_base_url") { config.apiBaseURL = try Self.baseURL(value, source: path) }
        if let value = try string("sink") { try setSink(value, source: path, in: &config) }
        if let value = object["lookback_days"], !(value is NSNull) {
            config.lookbackDays = try Self.integer(value, key: "lookback_days", source: path, range: 1...914)
        }
        if let value = object["max_parallel_accounts"], !(value is NSNull) {
            config.maxParallelAccounts = try Self.integer(value, key: "max_parallel_accounts", source: path, range: 1...32)
        }
        if let value = object["report_timeout_minutes"], !(value is NSNull) {
            config.reportTimeoutMinutes = try Self.integer(value, key: "report_timeout_minutes", source: path, range: 1...1440)
        }
        if let value = object["report_download_timeout_seconds"], !(value is NSNull) {
            config.reportDownloadTimeoutSeconds = try Self.integer(value, key: "report_download_timeout_seconds", source: path, range: 1...86_400)
        }
        if let value = object["retry"], !(value is NSNull) {
            guard let settings = value as? [String: Any] else {
                throw ConfigurationError(key: "retry", source: path, message: "must be an object")
            }
            for key in settings.keys.sorted() where !Self.retryKeys.contains(key) {
                throw ConfigurationError(key: "retry.\(key)", source: path,
                    message: "is not a known setting (known: \(Self.retryKeys.sorted().joined(separator: ", ")))")
            }
            if let raw = settings["max_attempts"], !(raw is NSNull) {
                config.retryMaxAttempts = try Self.integer(raw, key: "retry.max_attempts", source: path, range: 1...100)
            }
            if let raw = settings["max_wait_seconds"], !(raw is NSNull) {
                config.retryMaxWaitSeconds = try Self.integer(raw, key: "retry.max_wait_seconds", source: path, range: 0...86_400)
            }
            if let raw = settings["request_timeout_seconds"], !(raw is NSNull) {
                config.requestTimeoutSeconds = try Self.integer(raw, key: "retry.request_timeout_seconds", source: path, range: 1...3600)
            }
        }
        if let value = object["attribution"], !(value is NSNull) {
            guard let settings = value as? [String: Any] else {
                throw ConfigurationError(key: "attribution", source: path, message: "must be an object")
            }
            for key in settings.keys.sorted() where !Self.attributionKeys.contains(key) {
                throw ConfigurationError(key: "attribution.\(key)", source: path,
                    message: "is not a known setting (known: \(Self.attributionKeys.sorted().joined(separator: ", ")))")
            }
            func window(_ key: String) throws -> Int? {
                guard let raw = settings[key], !(raw is NSNull) else { return nil }
                let days = try Self.integer(raw, key: "attribution.\(key)", source: path, range: 0...60)
                guard Self.attributionWindows.contains(days) else {
                    throw ConfigurationError(key: "attribution.\(key)", source: path,
                        message: "must be one of \(Self.attributionWindows.sorted().map(String.init).joined(separator: ", "))")
                }
                return days
            }
            if let days = try window("click_window_days") { config.attribution.clickWindowDays = days }
            if let days = try window("engagement_window_days") { config.attribution.engagementWindowDays = days }
            if let days = try window("view_window_days") { config.attribution.viewWindowDays = days }
            if let raw = settings["conversion_report_time"], !(raw is NSNull) {
                guard let text = raw as? String, Self.conversionReportTimes.contains(text) else {
                    throw ConfigurationError(key: "attribution.conversion_report_time", source: path,
                        message: "must be one of \(Self.conversionReportTimes.sorted().joined(separator: ", "))")
                }
                config.attribution.conversionReportTime = text
            }
        }
    }

    // MARK: The environment

    private func applyEnvironment(to config: inout Configuration) throws {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        if let ids = value("PINTEREST_AD_ACCOUNT_IDS") {
            config.adAccountIds = try ids.split(separator: ",").map {
                try Self.accountId($0.trimmingCharacters(in: .whitespaces), key: "ad_account_ids", source: "PINTEREST_AD_ACCOUNT_IDS")
            }
        }
        if let id = value("PINTEREST_CLIENT_ID") { config.clientId = id }
        if let secret = try secret(variable: "PINTEREST_CLIENT_SECRET", credential: "pinterest_client_secret") {
            config.clientSecret = secret
        }
        if let token = try secret(variable: "PINTEREST_REFRESH_TOKEN", credential: "pinterest_refresh_token") {
            config.refreshToken = token
        }
        if let path = value("PINTEREST_TOKEN_STORE") { config.tokenStore = path }
        if let url = value("PINTEREST_API_BASE_URL") { config.apiBaseURL = try Self.baseURL(url, source: "PINTEREST_API_BASE_URL") }
        if let sink = value("PINTEREST_ETL_SINK") { try setSink(sink, source: "PINTEREST_ETL_SINK", in: &config) }
        if let days = value("PINTEREST_LOOKBACK_DAYS") {
            guard let number = Int(days) else {
                throw ConfigurationError(key: "lookback_days", source: "PINTEREST_LOOKBACK_DAYS", message: "must be a whole number from 1 to 914")
            }
            config.lookbackDays = try Self.integer(number, key: "lookback_days", source: "PINTEREST_LOOKBACK_DAYS", range: 1...914)
        }
    }

    /// A secret from `NAME`, else the file `NAME_FILE` names, else `$CREDENTIALS_DIRECTORY/credential`.
    private func secret(variable: String, credential: String) throws -> Secret? {
        if let text = environment[variable], !text.isEmpty { return Secret(text) }
        if let path = environment[variable + "_FILE"], !path.isEmpty {
            return try readSecret(path: path, key: variable + "_FILE")
        }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = directory + "/" + credential
            if FileManager.default.fileExists(atPath: path) { return try readSecret(path: path, key: "CREDENTIALS_DIRECTORY/\(credential)") }
        }
        return nil
    }

    private func readSecret(path: String, key: String) throws -> Secret {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: key, source: path, message: "the file cannot be read")
        }
        // Files usually end with a newline that is not part of the secret.
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ConfigurationError(key: key, source: path, message: "the file is empty") }
        return Secret(text)
    }

    // MARK: Validation

    private func setSink(_ text: String, source: String, in config: inout Configuration) throws {
        do {
            _ = try SinkURL(text)
        } catch {
            throw ConfigurationError(key: "sink", source: source,
                message: "'\(SinkURL.redacted(text))' is not a sink: use sqlite:PATH, postgres://… or postgresql://…")
        }
        config.sink = text
    }

    static func accountId(_ text: String, key: String, source: String?) throws -> String {
        guard !text.isEmpty, text.count <= 32, text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            throw ConfigurationError(key: key, source: source, message: "'\(text.prefix(40))' is not an ad account id (digits only)")
        }
        return text
    }

    static func baseURL(_ text: String, source: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw ConfigurationError(key: "api_base_url", source: source, message: "'\(text)' is not a URL")
        }
        // TLS stays on for every real host: plain http only to this machine (the simulator).
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ConfigurationError(key: "api_base_url", source: source, message: "must be https:// (plain http only for a loopback simulator)")
        }
        return url
    }

    static func nonEmpty(_ text: String, key: String, source: String) throws -> String {
        guard !text.isEmpty else { throw ConfigurationError(key: key, source: source, message: "must not be empty") }
        return text
    }

    static func integer(_ value: Any, key: String, source: String?, range: ClosedRange<Int>) throws -> Int {
        // JSONSerialization gives NSNumber for numbers and booleans alike; a boolean's objCType
        // is "c", and it must not pass as 0 or 1. `as? Int` refuses fractions.
        var number: Int?
        if let value = value as? NSNumber, String(cString: value.objCType) != "c" {
            number = value as? Int
        }
        guard let number, range.contains(number) else {
            throw ConfigurationError(key: key, source: source, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
