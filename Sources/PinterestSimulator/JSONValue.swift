import Foundation

/// A JSON value with ordered keys and exact integers. Foundation's serializer would route
/// integers through NSNumber/Double paths and reorder keys; ids above 2^53 must stay exact.
indirect enum JSONValue: Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// Already-serialized JSON text, embedded verbatim.
    case raw(String)

    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let s): JSONBytes.appendString(s, to: &out)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .double(let v): JSONBytes.appendDouble(v, to: &out)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .raw(let text): out.append(contentsOf: text.utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension Optional where Wrapped == String {
    var json: JSONValue { map(JSONValue.string) ?? .null }
    /// For fields stored as JSON text: embed the text itself.
    var rawJSON: JSONValue { map(JSONValue.raw) ?? .null }
}
extension Optional where Wrapped == Int64 {
    var json: JSONValue { map(JSONValue.int) ?? .null }
}
extension Optional where Wrapped == Bool {
    var json: JSONValue { map(JSONValue.bool) ?? .null }
}
extension Optional where Wrapped == Double {
    var json: JSONValue { map(JSONValue.double) ?? .null }
}

/// Writes JSON text straight into bytes (report files are hundreds of MB).
enum JSONBytes {
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most texts need no escape: one append, not one per byte (pages of pins are mostly text).
        guard s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                let hex = Array("0123456789abcdef".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Shortest round-trip text, so a parser gets back exactly the Double the oracle holds.
    static func appendDouble(_ v: Double, to out: inout [UInt8]) {
        if v == v.rounded(), abs(v) < 1e15 {
            out.append(contentsOf: String(Int64(v)).utf8)
        } else {
            out.append(contentsOf: v.description.utf8)
        }
    }

    /// Compact JSON text with keys sorted and slashes unescaped: the canonical form used for
    /// nested objects that the records keep as text.
    static func canonical(_ value: JSONValue) -> String {
        func sorted(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let pairs): return .object(pairs.map { ($0.0, sorted($0.1)) }.sorted { $0.0 < $1.0 })
            case .array(let items): return .array(items.map(sorted))
            default: return v
            }
        }
        return sorted(value).text
    }
}
