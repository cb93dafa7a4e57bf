import Foundation
import Glibc

/// A tiny HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) for testing the real
/// `URLSessionTransport`: one request per connection, answered by `respond`, all recorded.
final class LoopbackServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [String: String]   // lower-cased names
    }

    // @unchecked: `log` is only touched under `lock`; `socketFD` is written once before the thread starts.
    private let lock = NSLock()
    private var log: [Request] = []
    private var socketFD: Int32 = -1
    private(set) var port: UInt16 = 0
    private let respond: @Sendable (Request) -> (status: Int, headers: [String: String], body: Data)

    init(respond: @escaping @Sendable (Request) -> (status: Int, headers: [String: String], body: Data)) throws {
        self.respond = respond
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        socketFD = fd
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    var requests: [Request] { lock.withLock { log } }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func stop() {
        let fd = socketFD
        socketFD = -1
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve() {
        while true {
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { return }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            received += buffer[0..<count]
            if let end = headerEnd(received) {
                let head = String(decoding: received[0..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ")
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                // Read (and discard) a body of Content-Length bytes.
                let length = Int(headers["content-length"] ?? "0") ?? 0
                while received.count - (end + 4) < length {
                    let more = recv(client, &buffer, buffer.count, 0)
                    guard more > 0 else { break }
                    received += buffer[0..<more]
                }
                let request = Request(method: String(requestLine.first ?? ""), target: String(requestLine.dropFirst().first ?? ""), headers: headers)
                lock.withLock { log.append(request) }
                let (status, extra, body) = respond(request)
                var response = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
                for (name, value) in extra { response += "\(name): \(value)\r\n" }
                response += "\r\n"
                let bytes = Array(response.utf8) + Array(body)
                var sent = 0
                while sent < bytes.count {
                    let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard n > 0 else { return }
                    sent += n
                }
                return
            }
        }
    }

    private func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
