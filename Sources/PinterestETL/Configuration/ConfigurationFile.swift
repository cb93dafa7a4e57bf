import Foundation

/// The JSON configuration file as written: every key optional, each value's type checked once by
/// decoding, unknown keys refused. Ranges and allowed values are checked afterwards, in
/// `ConfigurationLoader`, where the message can name the key and the file.
struct ConfigurationFile: Decodable {
    var adAccountIds: AccountIds?
    var breakdowns: [String]?
    var clientId, clientSecret, refreshToken, tokenStore, apiBaseURL, sink: String?
    var lookbackDays, maxParallelAccounts, reportTimeoutMinutes, reportDownloadTimeoutSeconds, reportDownloadMaxBytes, lockWaitMinutes: Int?
    var retry: Retry?
    var attribution: Attribution?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case adAccountIds = "ad_account_ids", clientId = "client_id", clientSecret = "client_secret"
        case refreshToken = "refresh_token", tokenStore = "token_store", apiBaseURL = "api_base_url", sink
        case lookbackDays = "lookback_days", maxParallelAccounts = "max_parallel_accounts"
        case reportTimeoutMinutes = "report_timeout_minutes", reportDownloadTimeoutSeconds = "report_download_timeout_seconds"
        case reportDownloadMaxBytes = "report_download_max_bytes", lockWaitMinutes = "lock_wait_minutes"
        case retry, attribution, breakdowns
    }

    struct Retry: Decodable {
        var maxAttempts, maxWaitSeconds, requestTimeoutSeconds: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxAttempts = "max_attempts", maxWaitSeconds = "max_wait_seconds", requestTimeoutSeconds = "request_timeout_seconds"
        }

        init(from decoder: any Decoder) throws {
            let container = try ConfigurationFile.knownKeysOnly(decoder, CodingKeys.self)
            maxAttempts = try container.wholeNumber(forKey: .maxAttempts)
            maxWaitSeconds = try container.wholeNumber(forKey: .maxWaitSeconds)
            requestTimeoutSeconds = try container.wholeNumber(forKey: .requestTimeoutSeconds)
        }
    }

    struct Attribution: Decodable {
        var clickWindowDays, engagementWindowDays, viewWindowDays: Int?
        var conversionReportTime: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case clickWindowDays = "click_window_days", engagementWindowDays = "engagement_window_days"
            case viewWindowDays = "view_window_days", conversionReportTime = "conversion_report_time"
        }

        init(from decoder: any Decoder) throws {
            let container = try ConfigurationFile.knownKeysOnly(decoder, CodingKeys.self)
            clickWindowDays = try container.wholeNumber(forKey: .clickWindowDays)
            engagementWindowDays = try container.wholeNumber(forKey: .engagementWindowDays)
            viewWindowDays = try container.wholeNumber(forKey: .viewWindowDays)
            conversionReportTime = try container.decodeIfPresent(String.self, forKey: .conversionReportTime)
        }
    }

    /// Ad account ids, which must be JSON strings: an 18-digit number loses digits in most JSON
    /// readers, so a number is refused with the string to write instead.
    struct AccountIds: Decodable {
        var ids: [String] = []

        init(from decoder: any Decoder) throws {
            let notAnArray = Problem(key: "ad_account_ids", message: "must be an array of id strings, e.g. [\"549755813888\"]")
            guard var items = try? decoder.unkeyedContainer() else { throw notAnArray }
            while !items.isAtEnd {
                if let id = try? items.decode(String.self) {
                    ids.append(id)
                } else if let number = try? items.decode(Int64.self) {
                    throw Problem(key: "ad_account_ids",
                                  message: "ids must be strings (long numbers lose digits in JSON readers): write \"\(number)\"")
                } else {
                    throw notAnArray
                }
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try Self.knownKeysOnly(decoder, CodingKeys.self)
        adAccountIds = try container.decodeIfPresent(AccountIds.self, forKey: .adAccountIds)
        breakdowns = try container.decodeIfPresent([String].self, forKey: .breakdowns)
        clientId = try container.decodeIfPresent(String.self, forKey: .clientId)
        clientSecret = try container.decodeIfPresent(String.self, forKey: .clientSecret)
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        tokenStore = try container.decodeIfPresent(String.self, forKey: .tokenStore)
        apiBaseURL = try container.decodeIfPresent(String.self, forKey: .apiBaseURL)
        sink = try container.decodeIfPresent(String.self, forKey: .sink)
        lookbackDays = try container.wholeNumber(forKey: .lookbackDays)
        maxParallelAccounts = try container.wholeNumber(forKey: .maxParallelAccounts)
        reportTimeoutMinutes = try container.wholeNumber(forKey: .reportTimeoutMinutes)
        reportDownloadTimeoutSeconds = try container.wholeNumber(forKey: .reportDownloadTimeoutSeconds)
        reportDownloadMaxBytes = try container.wholeNumber(forKey: .reportDownloadMaxBytes)
        lockWaitMinutes = try container.wholeNumber(forKey: .lockWaitMinutes)
        retry = try container.decodeIfPresent(Retry.self, forKey: .retry)
        attribution = try container.decodeIfPresent(Attribution.self, forKey: .attribution)
    }

    /// Every top-level key the file may hold.
    static var knownKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }

    /// A value the decoder could not take, with the dotted key it was under.
    struct Problem: Error {
        let key: String
        let message: String
    }

    /// The object's container, after refusing any key `Keys` does not list.
    static func knownKeysOnly<Keys: CodingKey & CaseIterable & RawRepresentable>(
        _ decoder: any Decoder, _: Keys.Type
    ) throws -> KeyedDecodingContainer<Keys> where Keys.RawValue == String {
        let known = Keys.allCases.map(\.rawValue)
        let present = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = present.filter({ !known.contains($0) }).sorted().first {
            throw Problem(key: dotted(decoder.codingPath.map(\.stringValue) + [unknown]),
                          message: "is not a known setting (known: \(known.sorted().joined(separator: ", ")))")
        }
        return try decoder.container(keyedBy: Keys.self)
    }

    /// Decodes `data`, turning every failure into the key it concerns and what is wrong.
    static func decode(_ data: Data) throws(Problem) -> ConfigurationFile {
        do {
            return try JSONDecoder().decode(ConfigurationFile.self, from: data)
        } catch let problem as Problem {
            throw problem
        } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw Problem(key: "", message: "is not valid JSON (\(error.localizedDescription))")
        }
    }

    private static func problem(_ error: DecodingError) -> Problem {
        func key(_ path: [any CodingKey]) -> String { dotted(path.filter { $0.intValue == nil }.map(\.stringValue)) }
        switch error {
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            if context.codingPath.isEmpty { return Problem(key: "", message: "must hold one JSON object of settings") }
            let expected = type == String.self ? "a string" : "an object"
            return Problem(key: key(context.codingPath), message: "must be \(expected)")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                let reason = (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
                return Problem(key: "", message: "is not valid JSON (\(reason))")
            }
            // A fraction or an out-of-range number where a whole number belongs.
            return Problem(key: key(context.codingPath), message: "must be a whole number")
        case let .keyNotFound(missing, context):
            return Problem(key: key(context.codingPath + [missing]), message: "is required")
        @unknown default:
            return Problem(key: "", message: "cannot be read")
        }
    }

    static func dotted(_ parts: [String]) -> String { parts.joined(separator: ".") }

    private struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int? = nil
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension KeyedDecodingContainer {
    /// A whole number, or nil when absent. A fraction, a boolean, text or a number too large for
    /// `Int` is refused naming the key (Foundation's own error for some of these names no key).
    func wholeNumber(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int.self, forKey: key) { return number }
        throw ConfigurationFile.Problem(key: ConfigurationFile.dotted((codingPath + [key]).map(\.stringValue)),
                                        message: "must be a whole number")
    }
}
