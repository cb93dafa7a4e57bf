import Foundation

/// One request as the simulator saw it, for tests to inspect. `headers` holds every header
/// verbatim (names lower-cased), including Authorization — tests may compare it, never print it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [URLQueryItem]
    public var headers: [String: String]
    public var body: Data
    public var date: Date

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.compactMap(\.value) }
}
