import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The network, as the client sees it; tests substitute a scripted fake.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the whole (small, JSON) response body.
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse)
    /// Streams a (possibly large) response body to the file at `path`.
    func download(_ request: URLRequest, to path: String) async throws -> HTTPURLResponse
}
