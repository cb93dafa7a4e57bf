import Foundation

/// A parsed request.
struct HTTPRequest: Sendable {
    var method: String
    var target: String
    var path: String
    var query: [URLQueryItem]
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name] }
    func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.compactMap(\.value) }
    func queryValue(_ name: String) -> String? { queryValues(name).first }

    var recorded: RecordedRequest {
        RecordedRequest(method: method, path: path, query: query, headers: headers, body: body, date: Date())
    }
}
