import Foundation

/// A response: a small body in memory, or a body streamed in pieces with a known length.
struct HTTPResponse: Sendable {
    enum Body: Sendable {
        case bytes([UInt8])
        /// `length` bytes produced by `produce`, which hands out pieces to `emit`.
        case stream(length: Int, produce: @Sendable (_ emit: ([UInt8]) throws -> Void) throws -> Void)
    }

    var status: Int
    var headers: [(String, String)] = []
    var body: Body = .bytes([])
    /// Close the connection without answering (a network reset).
    var dropConnection = false
    /// Send the headers but only this many body bytes, then close (a cut-short download).
    var truncateAfter: Int? = nil
    /// Wait this long before answering.
    var delay: TimeInterval = 0

    init(status: Int, headers: [(String, String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: .bytes(value.bytes))
    }

    /// Pinterest's error body `{code, message}`.
    static func error(_ status: Int, code: Int, _ message: String, headers: [(String, String)] = []) -> HTTPResponse {
        json(status, .object([("code", .int(Int64(code))), ("message", .string(message))]), headers: headers)
    }

    /// An S3-style XML error, as a pre-signed URL answers.
    static func s3Error(_ status: Int, code: String, _ message: String) -> HTTPResponse {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message>"
            + "<RequestId>SIM\(UInt32.random(in: 0...UInt32.max))</RequestId></Error>"
        return HTTPResponse(status: status, headers: [("Content-Type", "application/xml")], body: .bytes(Array(xml.utf8)))
    }

    static let reasons: [Int: String] = [
        200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
        404: "Not Found", 405: "Method Not Allowed", 411: "Length Required", 413: "Payload Too Large",
        429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
    ]
}
