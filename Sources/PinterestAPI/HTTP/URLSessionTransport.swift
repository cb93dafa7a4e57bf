import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The real transport, on `URLSession`.
///
/// Downloads use a second, ephemeral session with no credential storage, cookies or cache:
/// the pre-signed report URL must be fetched with nothing but its own query string. Its body
/// streams through `StreamingDownloads` into the file, counted as it arrives, so a body past
/// the size limit is cut off instead of filling the disk.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let downloadSession: URLSession
    private let downloads: StreamingDownloads

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
        let downloads = StreamingDownloads()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        self.downloads = downloads
        self.downloadSession = URLSession(configuration: plain, delegate: downloads, delegateQueue: queue)
    }

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        return (data, http)
    }

    public func download(_ request: URLRequest, to path: String, maxBytes: Int64) async throws -> HTTPURLResponse {
        var plain = request
        plain.setValue(nil, forHTTPHeaderField: "Authorization")
        return try await downloads.run(plain, in: downloadSession, to: path, maxBytes: maxBytes)
    }
}

/// The download session's delegate: each task's body goes to its file as it arrives.
final class StreamingDownloads: NSObject, URLSessionDataDelegate, Sendable {
    private final class Transfer: @unchecked Sendable {
        // @unchecked: touched only on the session's serial delegate queue, and by `run` before
        // the task starts and after it completes.
        let handle: FileHandle
        let path: String
        let maxBytes: Int64
        var received: Int64 = 0
        var tooLarge = false
        var writeError: (any Error)?
        var response: HTTPURLResponse?
        let done: CheckedContinuation<HTTPURLResponse, any Error>

        init(handle: FileHandle, path: String, maxBytes: Int64, done: CheckedContinuation<HTTPURLResponse, any Error>) {
            self.handle = handle
            self.path = path
            self.maxBytes = maxBytes
            self.done = done
        }
    }

    /// Transfers by task, and completions that arrived before their transfer was registered (a
    /// task cancelled before it started may complete at once).
    private let transfers = Mutex<(running: [Int: Transfer], early: [Int: (any Error)?])>(([:], [:]))

    func run(_ request: URLRequest, in session: URLSession, to path: String, maxBytes: Int64) async throws -> HTTPURLResponse {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
        guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let task = session.dataTask(with: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer = Transfer(handle: handle, path: path, maxBytes: maxBytes, done: continuation)
                let early = transfers.withLock { state -> (any Error)?? in
                    if let early = state.early.removeValue(forKey: task.taskIdentifier) { return .some(early) }
                    state.running[task.taskIdentifier] = transfer
                    return .none
                }
                if let early {
                    // Completed (cancelled) before it was registered: end here, once.
                    try? handle.close()
                    unlink(path)
                    continuation.resume(throwing: early ?? CancellationError())
                    return
                }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        transfers.withLock { $0.running[dataTask.taskIdentifier] }?.response = response as? HTTPURLResponse
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let transfer = transfers.withLock({ $0.running[dataTask.taskIdentifier] }),
              !transfer.tooLarge, transfer.writeError == nil else { return }
        transfer.received += Int64(data.count)
        guard transfer.received <= transfer.maxBytes else {
            transfer.tooLarge = true
            dataTask.cancel()
            return
        }
        do { try transfer.handle.write(contentsOf: data) } catch {
            transfer.writeError = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let registered = transfers.withLock { state -> Transfer? in
            if let transfer = state.running.removeValue(forKey: task.taskIdentifier) { return transfer }
            state.early[task.taskIdentifier] = .some(error)
            return nil
        }
        guard let transfer = registered else { return }
        let closed = Result { try transfer.handle.close() }
        if transfer.tooLarge {
            unlink(transfer.path)
            transfer.done.resume(throwing: DownloadTooLarge(limit: transfer.maxBytes))
        } else if let failure = transfer.writeError ?? error {
            unlink(transfer.path)
            transfer.done.resume(throwing: failure)
        } else if case .failure(let failure) = closed {
            unlink(transfer.path)
            transfer.done.resume(throwing: failure)
        } else if let response = transfer.response ?? task.response as? HTTPURLResponse {
            transfer.done.resume(returning: response)
        } else {
            unlink(transfer.path)
            transfer.done.resume(throwing: URLError(.badServerResponse))
        }
    }
}
