import Foundation
import PinterestAPI
import PinterestModel
import Warehouse

/// Reads the JSON file, the environment, `*_FILE` variables and systemd credentials, in that
/// order of increasing precedence, and validates every value.
public struct ConfigurationLoader: Sendable {
    public static let defaultPath = "/etc/pinterest-etl/config.json"
    /// Every top-level key a configuration file may hold.
    static var knownKeys: Set<String> { ConfigurationFile.knownKeys }
    static let attributionWindows = ReportLimits.attributionWindowDays
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
        if let sinkOverride { config.sink = try Self.sink(sinkOverride, source: "--sink") }
        if config.usesWarehouseTokenStore, case .sqlite = config.sink {
            throw ConfigurationError(key: "token_store", source: config.file ?? "PINTEREST_TOKEN_STORE",
                message: "is \"warehouse\", which needs a PostgreSQL sink (a SQLite warehouse never holds tokens); name a token file, or use a postgres:// sink")
        }
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
        let file: ConfigurationFile
        do {
            file = try ConfigurationFile.decode(data)
        } catch {
            throw ConfigurationError(key: error.key.isEmpty ? "--config" : error.key, source: path, message: error.message)
        }
        try apply(file, from: path, to: &config)
    }

    /// The one validation step: every value of the file checked against what it may be.
    private func apply(_ file: ConfigurationFile, from path: String, to config: inout Configuration) throws {
        func whole(_ value: Int?, _ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let value else { return nil }
            return try Self.integer(value, key: key, source: path, range: range)
        }
        if let ids = file.adAccountIds?.ids {
            config.adAccountIds = try ids.map { try Self.accountId($0, key: "ad_account_ids", source: path) }
        }
        if let types = file.breakdowns { config.breakdowns = try Self.breakdowns(types, source: path) }
        if let value = file.clientId { config.clientId = value }
        if let value = file.clientSecret { config.clientSecret = Secret(value) }
        if let value = file.refreshToken { config.refreshToken = Secret(value) }
        if let value = file.tokenStore { config.tokenStore = try Self.nonEmpty(value, key: "token_store", source: path) }
        if let value = file.apiBaseURL { config.apiBaseURL = try Self.baseURL(value, source: path) }
        if let value = file.sink { config.sink = try Self.sink(value, source: path) }
        config.lookbackDays = try whole(file.lookbackDays, "lookback_days", 1...ReportLimits.maxDaysBack) ?? config.lookbackDays
        config.maxParallelAccounts = try whole(file.maxParallelAccounts, "max_parallel_accounts", 1...32) ?? config.maxParallelAccounts
        config.reportTimeoutMinutes = try whole(file.reportTimeoutMinutes, "report_timeout_minutes", 1...1440) ?? config.reportTimeoutMinutes
        config.reportDownloadTimeoutSeconds = try whole(file.reportDownloadTimeoutSeconds, "report_download_timeout_seconds", 1...86_400)
            ?? config.reportDownloadTimeoutSeconds
        config.reportDownloadMaxBytes = try whole(file.reportDownloadMaxBytes, "report_download_max_bytes", 1_024...(1 << 50))
            ?? config.reportDownloadMaxBytes
        config.lockWaitMinutes = try whole(file.lockWaitMinutes, "lock_wait_minutes", 0...1440) ?? config.lockWaitMinutes
        if let retry = file.retry {
            config.retryMaxAttempts = try whole(retry.maxAttempts, "retry.max_attempts", 1...100) ?? config.retryMaxAttempts
            config.retryMaxWaitSeconds = try whole(retry.maxWaitSeconds, "retry.max_wait_seconds", 0...86_400) ?? config.retryMaxWaitSeconds
            config.requestTimeoutSeconds = try whole(retry.requestTimeoutSeconds, "retry.request_timeout_seconds", 1...3600)
                ?? config.requestTimeoutSeconds
        }
        if let attribution = file.attribution {
            func window(_ days: Int?, _ key: String) throws -> Int? {
                guard let days = try whole(days, "attribution.\(key)", 0...60) else { return nil }
                guard Self.attributionWindows.contains(days) else {
                    throw ConfigurationError(key: "attribution.\(key)", source: path,
                        message: "must be one of \(Self.attributionWindows.sorted().map(String.init).joined(separator: ", "))")
                }
                return days
            }
            if let days = try window(attribution.clickWindowDays, "click_window_days") { config.attribution.clickWindowDays = days }
            if let days = try window(attribution.engagementWindowDays, "engagement_window_days") { config.attribution.engagementWindowDays = days }
            if let days = try window(attribution.viewWindowDays, "view_window_days") { config.attribution.viewWindowDays = days }
            if let time = attribution.conversionReportTime {
                guard Self.conversionReportTimes.contains(time) else {
                    throw ConfigurationError(key: "attribution.conversion_report_time", source: path,
                        message: "must be one of \(Self.conversionReportTimes.sorted().joined(separator: ", "))")
                }
                config.attribution.conversionReportTime = time
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
        if let types = environment["PINTEREST_BREAKDOWNS"] {
            // Set but empty turns breakdowns off, as `"breakdowns": []` does.
            config.breakdowns = try Self.breakdowns(
                types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                source: "PINTEREST_BREAKDOWNS")
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
        if let sink = value("PINTEREST_ETL_SINK") { config.sink = try Self.sink(sink, source: "PINTEREST_ETL_SINK") }
        if let days = value("PINTEREST_LOOKBACK_DAYS") {
            config.lookbackDays = try Self.wholeNumber(days, key: "lookback_days", variable: "PINTEREST_LOOKBACK_DAYS",
                                                       range: 1...ReportLimits.maxDaysBack)
        }
        if let minutes = value("PINTEREST_LOCK_WAIT_MINUTES") {
            config.lockWaitMinutes = try Self.wholeNumber(minutes, key: "lock_wait_minutes", variable: "PINTEREST_LOCK_WAIT_MINUTES",
                                                          range: 0...1440)
        }
    }

    private static func wholeNumber(_ text: String, key: String, variable: String, range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(text) else {
            throw ConfigurationError(key: key, source: variable,
                                     message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return try integer(number, key: key, source: variable, range: range)
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

    static func sink(_ text: String, source: String) throws -> SinkURL {
        do {
            return try SinkURL(text)
        } catch {
            throw ConfigurationError(key: "sink", source: source,
                message: "'\(SinkURL.redacted(text))' is not a sink: use sqlite:PATH, postgres://… or postgresql://…")
        }
    }

    /// Breakdown types an ad-level report takes, each once, in the order given.
    static func breakdowns(_ types: [String], source: String) throws -> [String] {
        let allowed = TargetingTypes.reportable.subtracting(TargetingTypes.notForAds)
        var seen = Set<String>()
        return try types.compactMap { type in
            guard allowed.contains(type) else {
                throw ConfigurationError(key: "breakdowns", source: source,
                    message: "'\(type.prefix(40))' is not a targeting type of ad-level reports (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            return seen.insert(type).inserted ? type : nil
        }
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
        let loopback = LoopbackHost.isLoopback(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ConfigurationError(key: "api_base_url", source: source, message: "must be https:// (plain http only for a loopback simulator)")
        }
        return url
    }

    static func nonEmpty(_ text: String, key: String, source: String) throws -> String {
        guard !text.isEmpty else { throw ConfigurationError(key: key, source: source, message: "must not be empty") }
        return text
    }

    static func integer(_ number: Int, key: String, source: String?, range: ClosedRange<Int>) throws -> Int {
        guard range.contains(number) else {
            throw ConfigurationError(key: key, source: source, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
