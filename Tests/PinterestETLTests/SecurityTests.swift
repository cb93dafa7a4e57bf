import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import PinterestAPI
@testable import PinterestETL
import PinterestModel
import PinterestSimulator
import ProcessSupport
import TestSupport
import Synchronization
import Testing
import Warehouse

/// Security properties checked as tests: no secret in any output, credentials never sent where
/// they do not belong, TLS kept for every real host, and files and permissions as documented.
@Suite("Security")
struct SecurityTests {
    @Test("debug logs of every Pinterest-facing command hold no token, secret, header or signed URL; JSON logs are one object per line")
    func debugLogsHoldNoSecrets() async throws {
        let harness = try await ETLHarness(.sqlite)
        var outputs: [String] = []
        for arguments in [["auth", "check"], ["accounts"], ["meta"], ["delivery"], ["status"]] {
            let result = try await harness.run(arguments + ["--log-level", "debug", "--log-format", "json"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            outputs += [result.stdout, result.stderr]
            for line in result.stderr.split(separator: "\n") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object != nil, "not a JSON object: \(line.prefix(120))")
            }
        }
        // The secrets now include the access and refresh tokens the store holds after the runs.
        #expect(harness.secrets.count >= 4)
        harness.expectClean(outputs)
        let all = outputs.joined()
        #expect(!all.contains("X-Amz-"), "a pre-signed URL's query appeared")
        #expect(!all.lowercased().contains("bearer "))
    }

    /// Answers like Pinterest, except the finished report's link is plain http on a real host.
    final class PlainHTTPLinkTransport: HTTPTransport {
        let downloads = Mutex(0)

        func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
            let path = request.url?.path ?? ""
            let body: String
            if path.hasSuffix("/oauth/token") {
                body = #"{"access_token":"pina.fake-access","refresh_token":"pinr.fake-refresh","expires_in":3600}"#
            } else if request.httpMethod == "POST" {
                body = #"{"token":"tok","report_status":"IN_PROGRESS"}"#
            } else {
                body = #"{"report_status":"FINISHED","url":"http://reports.example.com/r.json?X-Amz-Signature=abc"}"#
            }
            let response = HTTPURLResponse(url: request.url!, statusCode: 200, httpVersion: "HTTP/1.1",
                                           headerFields: ["Content-Type": "application/json"])!
            return (Data(body.utf8), response)
        }

        func download(_ request: URLRequest, to path: String, maxBytes: Int64, progress: DownloadProgress) async throws -> HTTPURLResponse {
            downloads.withLock { $0 += 1 }
            throw URLError(.cancelled)
        }
    }

    @Test("a report link on plain http from a real host is refused, never fetched")
    func plainHTTPDownloadRefused() async throws {
        let directory = Scratch.path("sec")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let transport = PlainHTTPLinkTransport()
        let configuration = PinterestAPIConfiguration(
            clientId: "1", clientSecret: Secret("s3cret-value"), tokenStorePath: directory + "/tokens.json",
            bootstrapRefreshToken: Secret("pinr.bootstrap"), reportPolling: ReportPolling(initialDelay: .milliseconds(1)),
            downloadDirectory: directory)
        let client = PinterestClient(configuration: configuration, transport: transport)
        let yesterday = Day(unixSeconds: Int64(Date().timeIntervalSince1970)).adding(days: -1)
        let error = await #expect(throws: PinterestAPIError.self) {
            _ = try await client.downloadDeliveryReport(adAccountId: "549755885175", window: DayRange(first: yesterday, last: yesterday)!)
        }
        #expect(error?.description.contains("https") == true, "\(String(describing: error))")
        #expect(error?.description.contains("X-Amz") == false)
        #expect(transport.downloads.withLock { $0 } == 0)
    }

    @Test("the API base URL must be https except on loopback", arguments: [
        ("https://api.pinterest.com/v5", true), ("http://127.0.0.1:9/v5", true), ("http://localhost:9/v5", true),
        ("http://[::1]:9/v5", true), ("http://api.pinterest.com/v5", false), ("http://10.0.0.1/v5", false),
        ("http://127.0.0.2/v5", false), ("http://localhost.evil.example/v5", false), ("ws://127.0.0.1/v5", false),
    ])
    func baseURLScheme(url: String, accepted: Bool) {
        let config = try? ConfigurationLoader(environment: ["PINTEREST_API_BASE_URL": url]).load()
        #expect((config != nil) == accepted, "\(url)")
    }

    /// Files under Sources, with their text.
    static func sources() throws -> [(String, String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files: [(String, String)] = []
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(".swift") || name.hasSuffix(".h") else { continue }
            files.append((name, try String(contentsOfFile: root.appendingPathComponent(name).path, encoding: .utf8)))
        }
        return files
    }

    @Test("complement: no source turns TLS verification off or interpolates a quoted SQL value")
    func sourceScan() throws {
        let files = try Self.sources()
        #expect(files.count > 50)
        let tlsBypasses = ["serverTrust", "SecTrust", "URLAuthenticationChallenge", "didReceive challenge",
                           "NSAllowsArbitraryLoads", "sslmode=disable", "SSL_VERIFY", "validatesCertificateChain",
                           "allowsInvalid", "CURLOPT_SSL"]
        for (name, text) in files {
            for bypass in tlsBypasses { #expect(!text.contains(bypass), "\(name) mentions \(bypass)") }
            // A value spliced into SQL between quotes ('\(x)') is how injection starts; values are
            // bound ($1, ?) everywhere. Messages may quote values; SQL lines may not.
            for line in text.split(separator: "\n") where line.contains("'\\(") {
                let upper = line.uppercased()
                let looksLikeSQL = ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", " WHERE ", " VALUES"].contains { upper.contains($0) }
                #expect(!looksLikeSQL, "\(name): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    // MARK: As an unprivileged user (the tests run as root, where permission bits do not bind)

    /// Root (where permission bits do not bind) that can run the built binary as `nobody`; not
    /// where the build tree is private to root.
    static let canDropPrivileges: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"), getpwnam("nobody") != nil else {
            return false
        }
        let probe = try? Subprocess.runBlocking(["/usr/sbin/runuser", "-u", "nobody", "--", ETLHarness.binary, "--version"],
                                                timeout: .seconds(60))
        return probe?.status == 0
    }()

    @Test("as an unprivileged user: a read-only SQLite file exits 69 naming it, and an unwritable token store 78",
          .enabled(if: canDropPrivileges, "needs root, runuser, and a build tree the user nobody can read"))
    func unprivilegedUser() async throws {
        let harness = try await ETLHarness(.sqlite)
        chmod(harness.directory, 0o755)
        #expect(try await harness.run(["delivery"]).status == 0)
        let before = try harness.snapshot()
        // The warehouse stays root's (0644): readable, not writable, for nobody. The token store
        // gets a directory nobody may write, seeded with the current refresh token.
        let state = harness.directory + "/nobody-state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chmod(state, 0o777)
        var environment = harness.environment
        environment["PINTEREST_TOKEN_STORE"] = state + "/tokens.json"
        environment["PINTEREST_REFRESH_TOKEN"] = harness.simulator.currentRefreshToken
        let readOnly = try await Subprocess.run(["/usr/sbin/runuser", "-u", "nobody", "--", ETLHarness.binary, "delivery"],
                                                environment: environment, directory: harness.directory, timeout: .seconds(60))
        #expect(readOnly.status == 69, "\(readOnly.stderr)")
        #expect(readOnly.stderr.contains("readonly") && readOnly.stderr.contains("warehouse.sqlite"), "\(readOnly.stderr)")
        #expect(try harness.snapshot() == before)

        // A writable warehouse (its own copy), and a token store in root's 0755 directory.
        let copy = harness.directory + "/nobody-warehouse"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        chmod(copy, 0o777)
        environment["PINTEREST_ETL_SINK"] = "sqlite:\(copy)/w.sqlite"
        let lockedStore = harness.directory + "/root-only"
        try FileManager.default.createDirectory(atPath: lockedStore, withIntermediateDirectories: true)
        chmod(lockedStore, 0o755)
        environment["PINTEREST_TOKEN_STORE"] = lockedStore + "/tokens.json"
        let unwritable = try await Subprocess.run(["/usr/sbin/runuser", "-u", "nobody", "--", ETLHarness.binary, "delivery"],
                                                  environment: environment, directory: harness.directory, timeout: .seconds(60))
        #expect(unwritable.status == 78, "\(unwritable.stderr)")
        #expect(unwritable.stderr.contains(lockedStore), "\(unwritable.stderr)")
        harness.expectClean([readOnly.stdout, readOnly.stderr, unwritable.stdout, unwritable.stderr])
    }

    @Test("status runs as a monitoring user who may only read the SQLite file and its folder",
          .enabled(if: canDropPrivileges, "needs root, runuser, and a build tree the user nobody can read"))
    func statusAsReadOnlyUser() async throws {
        let harness = try await ETLHarness(.sqlite)
        chmod(harness.directory, 0o755)
        #expect(try await harness.run(["meta"]).status == 0)
        #expect(try await harness.run(["delivery"]).status == 0)
        // Everything beside the database belongs to root: nobody can create no file there.
        for name in try FileManager.default.contentsOfDirectory(atPath: harness.directory) where name.hasPrefix("warehouse.sqlite") {
            chmod(harness.directory + "/" + name, 0o644)
        }
        let before = try harness.snapshot()
        var environment = harness.environment
        environment["HOME"] = "/nonexistent"
        let status = try await Subprocess.run(["/usr/sbin/runuser", "-u", "nobody", "--", ETLHarness.binary, "status"],
                                              environment: environment, directory: "/tmp", timeout: .seconds(60))
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        for account in harness.accounts { #expect(status.stdout.contains(account), "\(status.stdout)") }
        #expect(try harness.snapshot() == before)
    }
}
