import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport, on `URLSession`.
///
/// Downloads use a second, ephemeral session with no credential storage, cookies or cache:
/// the pre-signed report URL must be fetched with nothing but its own query string.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let downloadSession: URLSession

    public init() {
        let api = URLSessionConfiguration.ephemeral
        api.urlCache = nil
        api.httpCookieStorage = nil
        api.urlCredentialStorage = nil
        self.session = URLSession(configuration: api)

        let plain = URLSessionConfiguration.ephemeral
        plain.urlCache = nil
        plain.httpCookieStorage = nil
        plain.httpShouldSetCookies = false
        plain.urlCredentialStorage = nil
        plain.httpAdditionalHeaders = [:]
        self.downloadSession = URLSession(configuration: plain)
    }

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        return (data, http)
    }

    public func download(_ request: URLRequest, to path: String) async throws -> HTTPURLResponse {
        var plain = request
        plain.setValue(nil, forHTTPHeaderField: "Authorization")
        let (temporary, response) = try await downloadSession.download(for: plain)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
        try manager.moveItem(at: temporary, to: URL(fileURLWithPath: path))
        return http
    }
}
