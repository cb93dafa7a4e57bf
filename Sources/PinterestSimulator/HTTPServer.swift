import Foundation
import Synchronization
import Glibc

enum HTTPServerError: Error, CustomStringConvertible {
    case socket(String, Int32)
    var description: String {
        switch self { case .socket(let op, let err): "\(op) failed: \(String(cString: strerror(err)))" }
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 over POSIX sockets: one thread accepts, one thread per
/// connection serves requests in order with keep-alive. Enough for URLSession and curl; no TLS.
final class HTTPServer: Sendable {
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    let port: UInt16
    private let listenFD: Int32
    private let handler: Handler
    /// Whether `stop()` ran, and the connections still open.
    private let status = Mutex<(stopped: Bool, connections: Set<Int32>)>((false, []))

    init(port requestedPort: UInt16, handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError.socket("socket", errno) }
        // Programs the host process starts (the bench's jobs, tests' children) must not inherit it.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = requestedPort.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")  // loopback only, never all interfaces
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let e = errno; close(fd); throw HTTPServerError.socket("bind", e) }
        guard listen(fd, 128) == 0 else { let e = errno; close(fd); throw HTTPServerError.socket("listen", e) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listenFD = fd
        port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "sim-accept"
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting and shuts every open connection; idempotent.
    func stop() {
        let open: Set<Int32>? = status.withLock { status in
            guard !status.stopped else { return nil }
            status.stopped = true
            return status.connections
        }
        guard let open else { return }
        // shutdown() wakes the threads blocked in accept()/recv(); each closes its own fd.
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool { status.withLock { $0.stopped } }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR, !isStopped { continue }
                break
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let accepted = status.withLock { status in
                guard !status.stopped else { return false }
                status.connections.insert(fd)
                return true
            }
            guard accepted else { close(fd); break }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in
                serve(Connection(fd: fd))
                _ = status.withLock { $0.connections.remove(fd) }
                close(fd)
            }
            thread.name = "sim-conn"
            thread.start()
        }
        close(listenFD)
    }

    private func serve(_ connection: Connection) {
        while !isStopped {
            let request: HTTPRequest
            do {
                guard let parsed = try connection.readRequest() else { return }
                request = parsed
            } catch {
                _ = try? connection.send(status: 400, headers: [("Content-Type", "text/plain")],
                                         body: Array("bad request".utf8), close: true)
                return
            }
            var response = handler(request)
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            if response.dropConnection { return }
            let wantsClose = request.header("connection")?.lowercased() == "close"
            do {
                if let cut = response.truncateAfter {
                    try connection.send(response, close: true, limit: cut)
                    return
                }
                try connection.send(response, close: wantsClose, limit: nil)
            } catch { return }
            if wantsClose { return }
            response = HTTPResponse(status: 0)  // release the body before waiting for the next request
        }
    }
}

/// One accepted socket: buffered reading of requests, writing of responses.
private final class Connection {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32) { self.fd = fd }

    enum ParseError: Error { case malformed, tooLarge }

    /// Reads more bytes; false at end of stream.
    private func fill() -> Bool {
        if start > 0, start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func readLine() throws -> String? {
        while true {
            if let lf = buffer[start...].firstIndex(of: 10) {
                var end = lf
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = lf + 1
                return line
            }
            if buffer.count - start > 1_000_000 { throw ParseError.tooLarge }
            guard fill() else { return nil }
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count { guard fill() else { throw ParseError.malformed } }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    /// The next request, or nil when the peer closed the connection between requests.
    func readRequest() throws -> HTTPRequest? {
        var requestLine = ""
        repeat {  // tolerate stray blank lines between keep-alive requests
            guard let line = try readLine() else { return nil }
            requestLine = line
        } while requestLine.isEmpty
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3 else { throw ParseError.malformed }
        var headers: [String: String] = [:]
        while let line = try readLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw ParseError.malformed }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        var body: [UInt8] = []
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                guard let sizeLine = try readLine(),
                      let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16)
                else { throw ParseError.malformed }
                if size == 0 {
                    while let trailer = try readLine(), !trailer.isEmpty {}
                    break
                }
                guard body.count + size < 64_000_000 else { throw ParseError.tooLarge }
                body += try readBytes(size)
                _ = try readLine()
            }
        } else if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0, length < 64_000_000 else { throw ParseError.malformed }
            body = try readBytes(length)
        }
        let target = String(parts[1])
        let components = URLComponents(string: target)
        let path = components?.percentEncodedPath ?? target
        return HTTPRequest(method: String(parts[0]), target: target, path: path,
                           query: components?.queryItems ?? [], headers: headers, body: Data(body))
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n < 0 { if errno == EINTR { continue }; throw ParseError.malformed }
            offset += n
        }
    }

    private func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    func send(status: Int, headers: [(String, String)], body: [UInt8], close: Bool) throws {
        var r = HTTPResponse(status: status, headers: headers, body: .bytes(body))
        r.truncateAfter = nil
        try send(r, close: close, limit: nil)
    }

    /// Writes the response; with `limit`, stops after that many body bytes (a cut-short body).
    func send(_ response: HTTPResponse, close: Bool, limit: Int?) throws {
        let length: Int
        switch response.body {
        case .bytes(let b): length = b.count
        case .stream(let n, _): length = n
        }
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reasons[response.status] ?? "Status")\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(length)\r\n"
        head += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n"
        head += "\r\n"
        try write(Array(head.utf8))
        var remaining = limit ?? Int.max
        func emit(_ piece: [UInt8]) throws {
            guard remaining > 0 else { throw CancellationError() }
            if piece.count <= remaining {
                try write(piece)
                remaining -= piece.count
            } else {
                try write(Array(piece[0..<remaining]))
                remaining = 0
                throw CancellationError()
            }
        }
        do {
            switch response.body {
            case .bytes(let b): try emit(b)
            case .stream(_, let produce): try produce(emit)
            }
        } catch is CancellationError {
            return  // truncated on purpose; the caller closes the connection
        }
    }
}
