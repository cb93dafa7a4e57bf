import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The network, as the client sees it; tests substitute a scripted fake.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the whole (small, JSON) response body.
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse)
    /// Streams a (possibly large) response body to the file at `path`; throws
    /// `DownloadTooLarge` (and leaves no file) once the body passes `maxBytes`.
    func download(_ request: URLRequest, to path: String, maxBytes: Int64) async throws -> HTTPURLResponse
}

/// A download stopped because its body passed the limit it was given.
public struct DownloadTooLarge: Error, Sendable {
    public let limit: Int64
    public init(limit: Int64) { self.limit = limit }
}
