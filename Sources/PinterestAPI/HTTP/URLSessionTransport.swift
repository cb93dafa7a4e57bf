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

    public func download(_ request: URLRequest, to path: String, maxBytes: Int64,
                         progress: DownloadProgress) async throws -> HTTPURLResponse {
        var plain = request
        plain.setValue(nil, forHTTPHeaderField: "Authorization")
        return try await downloads.run(plain, in: downloadSession, to: path, maxBytes: maxBytes, progress: progress)
    }
}

/// The download session's delegate: each task's body goes to its file as it arrives, and its
/// `DownloadProgress` hears of every write, so the parser can follow the file as it grows.
///
/// A retry after a 2xx body had begun resumes the file instead of rewriting it (the parser may
/// be halfway through it): the first bytes of the new body, which the file already holds, are
/// compared with the file and skipped. A report file never changes, so they match; if they do
/// not, the download fails with `DownloadChanged`.
final class StreamingDownloads: NSObject, URLSessionDataDelegate, Sendable {
    private final class Transfer: @unchecked Sendable {
        // @unchecked: touched only on the session's serial delegate queue, and by `run` before
        // the task starts and after it completes.
        let handle: FileHandle
        let path: String
        let maxBytes: Int64
        let progress: DownloadProgress
        /// Bytes the file held when this attempt began; the part of the new body they cover must
        /// match them.
        let resumeFrom: Int64
        /// Where in the file this body begins: 0, or a 206's first byte.
        var bodyStart: Int64 = 0
        var received: Int64 = 0
        var fileSize: Int64
        var accepted = false
        var tooLarge = false
        var writeError: (any Error)?
        var response: HTTPURLResponse?
        let done: CheckedContinuation<HTTPURLResponse, any Error>

        init(handle: FileHandle, path: String, maxBytes: Int64, progress: DownloadProgress, resumeFrom: Int64,
             done: CheckedContinuation<HTTPURLResponse, any Error>) {
            self.handle = handle
            self.path = path
            self.maxBytes = maxBytes
            self.progress = progress
            self.resumeFrom = resumeFrom
            self.fileSize = resumeFrom
            self.done = done
        }

        /// A failed attempt leaves no file, unless a reader may already be following it.
        func discardFile() {
            if !progress.hasStreamed { unlink(path) }
        }

        /// Writes the part of `data` the file does not hold yet, after checking the part it does.
        func append(_ data: Data) throws {
            var body = data[...]
            let alreadyHeld = resumeFrom - (bodyStart + received - Int64(data.count))
            if alreadyHeld > 0 {
                let overlap = Int(min(Int64(body.count), alreadyHeld))
                let offset = resumeFrom - alreadyHeld
                var held = [UInt8](repeating: 0, count: overlap)
                let read = held.withUnsafeMutableBytes { pread(handle.fileDescriptor, $0.baseAddress, overlap, off_t(offset)) }
                guard read == overlap, body.prefix(overlap).elementsEqual(held) else { throw DownloadChanged(offset: offset) }
                body = body.dropFirst(overlap)
                if body.isEmpty { return }
            }
            try handle.write(contentsOf: body)
            fileSize += Int64(body.count)
            progress.wrote(total: fileSize)
        }
    }

    /// Transfers by task, and completions that arrived before their transfer was registered (a
    /// task cancelled before it started may complete at once).
    private let transfers = Mutex<(running: [Int: Transfer], early: [Int: (any Error)?])>(([:], [:]))

    func run(_ request: URLRequest, in session: URLSession, to path: String, maxBytes: Int64,
             progress: DownloadProgress) async throws -> HTTPURLResponse {
        let handle: FileHandle
        let resumeFrom: Int64
        if progress.hasStreamed {
            resumeFrom = progress.bytesWritten
            handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: UInt64(resumeFrom))
        } else {
            resumeFrom = 0
            let manager = FileManager.default
            if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        let task = session.dataTask(with: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer = Transfer(handle: handle, path: path, maxBytes: maxBytes, progress: progress,
                                        resumeFrom: resumeFrom, done: continuation)
                let early = transfers.withLock { state -> (any Error)?? in
                    if let early = state.early.removeValue(forKey: task.taskIdentifier) { return .some(early) }
                    state.running[task.taskIdentifier] = transfer
                    return .none
                }
                if let early {
                    // Completed (cancelled) before it was registered: end here, once.
                    try? handle.close()
                    transfer.discardFile()
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
        if let transfer = transfers.withLock({ $0.running[dataTask.taskIdentifier] }) {
            transfer.response = response as? HTTPURLResponse
            // Only a 2xx body is the report; an error page is not written where a reader looks.
            if let http = transfer.response, (200..<300).contains(http.statusCode) {
                if http.statusCode == 206 {
                    // A range must start inside what the file holds, or the file would have a gap.
                    let range = ContentRange(http.value(forHTTPHeaderField: "Content-Range"))
                    guard let range, range.first <= transfer.resumeFrom else {
                        transfer.writeError = DownloadChanged(offset: transfer.resumeFrom)
                        completionHandler(.cancel)
                        return
                    }
                    transfer.bodyStart = range.first
                }
                transfer.accepted = true
                transfer.progress.responded()
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let transfer = transfers.withLock({ $0.running[dataTask.taskIdentifier] }),
              !transfer.tooLarge, transfer.writeError == nil else { return }
        transfer.received += Int64(data.count)
        // The limit is on the file: where this body's bytes end in it, not the body's own length.
        guard transfer.bodyStart + transfer.received <= transfer.maxBytes else {
            transfer.tooLarge = true
            dataTask.cancel()
            return
        }
        guard transfer.accepted else { return }
        do { try transfer.append(data) } catch {
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
            transfer.discardFile()
            transfer.done.resume(throwing: DownloadTooLarge(limit: transfer.maxBytes))
        } else if let failure = transfer.writeError ?? error {
            transfer.discardFile()
            transfer.done.resume(throwing: failure)
        } else if case .failure(let failure) = closed {
            transfer.discardFile()
            transfer.done.resume(throwing: failure)
        } else if transfer.accepted, transfer.bodyStart + transfer.received < transfer.resumeFrom {
            // A whole body shorter than what the file already held: not the same file.
            transfer.done.resume(throwing: DownloadChanged(offset: transfer.bodyStart + transfer.received))
        } else if let response = transfer.response ?? task.response as? HTTPURLResponse {
            transfer.done.resume(returning: response)
        } else {
            transfer.discardFile()
            transfer.done.resume(throwing: URLError(.badServerResponse))
        }
    }
}
