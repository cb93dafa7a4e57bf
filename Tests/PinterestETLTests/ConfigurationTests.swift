import Foundation
import Testing
@testable import PinterestETL
import TestSupport

@Suite("Configuration")
struct ConfigurationTests {
    let directory: String = {
        Scratch.directory("config")
    }()

    func write(_ json: String, name: String = "config.json") throws -> String {
        let path = directory + "/" + name
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(_ json: String?, environment: [String: String] = [:], sink: String? = nil) throws -> Configuration {
        let path = try json.map { try write($0) }
        return try ConfigurationLoader(environment: environment).load(explicitPath: path, sinkOverride: sink)
    }

    func expectError(key: String, _ json: String?, environment: [String: String] = [:],
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try load(json, environment: environment)
            Issue.record("expected an error naming \(key)", sourceLocation: sourceLocation)
        } catch let error as ConfigurationError {
            #expect(error.key == key, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(key), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("the example file in config/ loads, and its values are the documented defaults")
    func exampleFile() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/pinterest-etl.example.json").path
        let config = try ConfigurationLoader(environment: ["HOME": directory]).load(explicitPath: example)
        #expect(config.lookbackDays == 5)
        #expect(config.maxParallelAccounts == 4)
        #expect(config.sink == .sqlite(path: "pinterest.sqlite"))
        #expect(config.apiBaseURL.absoluteString == "https://api.pinterest.com/v5")
        #expect(config.attribution.clickWindowDays == 30 && config.attribution.viewWindowDays == 1)
        #expect(config.attribution.conversionReportTime == "TIME_OF_AD_ACTION")
        #expect(config.tokenStore == directory + "/.local/state/pinterest-etl/tokens.json")
        // Every key the loader knows is shown in the example.
        let data = try Data(contentsOf: URL(fileURLWithPath: example))
        let keys = Set((try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]).keys)
        #expect(keys == ConfigurationLoader.knownKeys)
    }

    @Test("the environment wins over the file, and --sink over both")
    func precedence() throws {
        let json = #"{"ad_account_ids": ["111"], "client_id": "file-id", "sink": "sqlite:file.sqlite", "lookback_days": 3}"#
        let config = try load(json, environment: [
            "PINTEREST_AD_ACCOUNT_IDS": "222, 333", "PINTEREST_CLIENT_ID": "env-id",
            "PINTEREST_ETL_SINK": "postgres://etl@localhost/warehouse", "PINTEREST_LOOKBACK_DAYS": "7",
        ])
        #expect(config.adAccountIds == ["222", "333"])
        #expect(config.clientId == "env-id")
        #expect(config.sink == .postgres(conninfo: "postgres://etl@localhost/warehouse"))
        #expect(config.lookbackDays == 7)
        let overridden = try load(json, environment: ["PINTEREST_ETL_SINK": "sqlite:env.sqlite"], sink: "sqlite:flag.sqlite")
        #expect(overridden.sink == .sqlite(path: "flag.sqlite"))
    }

    @Test("secrets come from the variable, then its _FILE, then the systemd credential")
    func secretSources() throws {
        let secretFile = try write("from-file-secret\n", name: "secret")
        let credentials = directory + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try Data("from-credential-secret".utf8).write(to: URL(fileURLWithPath: credentials + "/pinterest_client_secret"))
        try Data("from-credential-token".utf8).write(to: URL(fileURLWithPath: credentials + "/pinterest_refresh_token"))

        let fromCredential = try load(nil, environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(fromCredential.clientSecret?.value == "from-credential-secret")
        #expect(fromCredential.refreshToken?.value == "from-credential-token")
        let fromFile = try load(nil, environment: ["CREDENTIALS_DIRECTORY": credentials, "PINTEREST_CLIENT_SECRET_FILE": secretFile])
        #expect(fromFile.clientSecret?.value == "from-file-secret")
        let fromVariable = try load(nil, environment: ["PINTEREST_CLIENT_SECRET_FILE": secretFile, "PINTEREST_CLIENT_SECRET": "direct-secret"])
        #expect(fromVariable.clientSecret?.value == "direct-secret")
        #expect(fromVariable.secrets.contains("direct-secret"))
        expectError(key: "PINTEREST_CLIENT_SECRET_FILE", nil, environment: ["PINTEREST_CLIENT_SECRET_FILE": directory + "/missing"])
    }

    @Test("a database password is among the values the logger scrubs")
    func sinkPassword() throws {
        let config = try load(nil, environment: ["PINTEREST_ETL_SINK": "postgresql://etl:s3cr%40t-pw@db.internal:5432/warehouse"])
        #expect(config.secrets.contains("s3cr%40t-pw"))
        #expect(config.secrets.contains("s3cr@t-pw"))
    }

    @Test("bad values stop the program naming the key")
    func badValues() {
        expectError(key: "lookback_dayz", #"{"lookback_dayz": 5}"#)
        expectError(key: "lookback_days", #"{"lookback_days": "5"}"#)
        expectError(key: "lookback_days", #"{"lookback_days": 0}"#)
        expectError(key: "lookback_days", #"{"lookback_days": 2.5}"#)
        expectError(key: "lookback_days", #"{"lookback_days": true}"#)
        expectError(key: "max_parallel_accounts", #"{"max_parallel_accounts": 1000}"#)
        expectError(key: "ad_account_ids", #"{"ad_account_ids": [549755813888123456]}"#)
        expectError(key: "ad_account_ids", #"{"ad_account_ids": ["12; DROP TABLE x"]}"#)
        expectError(key: "ad_account_ids", #"{"ad_account_ids": "123"}"#)
        expectError(key: "ad_account_ids", nil, environment: ["PINTEREST_AD_ACCOUNT_IDS": "123,abc"])
        expectError(key: "sink", #"{"sink": "mysql://x"}"#)
        expectError(key: "api_base_url", #"{"api_base_url": "http://api.pinterest.com/v5"}"#)
        expectError(key: "api_base_url", #"{"api_base_url": "not a url"}"#)
        expectError(key: "attribution.click_window_days", #"{"attribution": {"click_window_days": 3}}"#)
        expectError(key: "attribution.conversion_report_time", #"{"attribution": {"conversion_report_time": "NOW"}}"#)
        expectError(key: "attribution.view_window", #"{"attribution": {"view_window": 1}}"#)
        expectError(key: "retry.max_attempts", #"{"retry": {"max_attempts": 0}}"#)
        expectError(key: "lookback_days", nil, environment: ["PINTEREST_LOOKBACK_DAYS": "five"])
        expectError(key: "--config", "{ not json")
        expectError(key: "--config", "[1, 2]")
        // Deeply nested JSON is refused as a value, never a crash.
        expectError(key: "attribution", #"{"attribution": "#
                    + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "}")
    }

    @Test("breakdowns: the default, a list from the file or the environment, [] or empty to turn them off; bad types name the key")
    func breakdowns() throws {
        #expect(try load(nil).breakdowns == ["APPTYPE", "AGE_BUCKET", "GENDER", "COUNTRY", "REGION"])
        #expect(try load(#"{"breakdowns": ["COUNTRY", "LOCATION", "COUNTRY"]}"#).breakdowns == ["COUNTRY", "LOCATION"])
        #expect(try load(#"{"breakdowns": []}"#).breakdowns == [])
        #expect(try load(#"{"breakdowns": ["GENDER"]}"#, environment: ["PINTEREST_BREAKDOWNS": ""]).breakdowns == [])
        #expect(try load(nil, environment: ["PINTEREST_BREAKDOWNS": "APPTYPE, GEO"]).breakdowns == ["APPTYPE", "GEO"])
        expectError(key: "breakdowns", #"{"breakdowns": ["DEVICE"]}"#)
        expectError(key: "breakdowns", #"{"breakdowns": ["MEDIA_TYPE"]}"#)   // product items only
        expectError(key: "breakdowns", #"{"breakdowns": "APPTYPE"}"#)
        expectError(key: "breakdowns", nil, environment: ["PINTEREST_BREAKDOWNS": "APPTYPE;DROP"])
    }

    @Test("a named config file that does not exist is an error; no file at all is fine")
    func missingFile() throws {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(explicitPath: directory + "/nope.json")
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["PINTEREST_ETL_CONFIG": directory + "/nope.json"]).load()
        }
        let config = try ConfigurationLoader(environment: ["PINTEREST_CLIENT_ID": "x"]).load()
        #expect(config.clientId == "x")
        #expect(config.file == nil || config.file == ConfigurationLoader.defaultPath)
    }

    @Test("calling Pinterest without app credentials names the missing key")
    func missingCredentials() throws {
        let config = try load(nil)
        #expect(throws: ConfigurationError.self) { try config.appCredentials() }
        do {
            _ = try config.appCredentials()
        } catch let error as ConfigurationError {
            #expect(error.key == "client_id")
        }
    }
}
