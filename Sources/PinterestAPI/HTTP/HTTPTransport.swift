import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The network, as the client sees it; tests substitute a scripted fake.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the whole (small, JSON) response body.
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse)
    /// Streams a (possibly large) response body to the file at `path`; throws
    /// `DownloadTooLarge` once the body passes `maxBytes`. A transport that can, tells `progress`
    /// when a 2xx body begins and how much of it is written, so the file can be read as it grows;
    /// once `progress.hasStreamed`, a retry must append to the file, never rewrite it.
    func download(_ request: URLRequest, to path: String, maxBytes: Int64, progress: DownloadProgress) async throws -> HTTPURLResponse
}

/// A retried download whose body differs from what the earlier attempt already wrote: the file
/// cannot be resumed (and the report must be fetched again).
public struct DownloadChanged: Error, Sendable {
    public let offset: Int64
    public init(offset: Int64) { self.offset = offset }
}

/// A download stopped because its body passed the limit it was given.
public struct DownloadTooLarge: Error, Sendable {
    public let limit: Int64
    public init(limit: Int64) { self.limit = limit }
}
