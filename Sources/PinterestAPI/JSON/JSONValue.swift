import Foundation
import PinterestModel

/// A JSON value whose numbers keep their source text (an 18-digit id never becomes a Double)
/// and whose objects keep their member order.
enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func parse(_ data: Data) throws -> JSONValue {
        let parser = JSONParser(ByteReader(data: data))
        let value = try parser.readValue()
        try parser.expectEnd()
        return value
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var typeName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// Compact JSON text, numbers as received.
    var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                JSONText.appendQuoted(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .string(let text): JSONText.appendQuoted(text, to: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

}

/// Exact integer parsing of JSON number text.
enum ExactNumber {
    enum Problem: Error { case notANumber, notIntegral, negative, overflow }

    /// A non-negative integer from number text; `12.0` and `1.5e3` are accepted when integral.
    static func nonNegativeInt64(_ text: String) throws(Problem) -> Int64 {
        // Fast path: plain digits that fit.
        var fast: Int64 = 0
        var plain = !text.isEmpty
        for byte in text.utf8 {
            let digit = byte &- 48
            guard digit < 10 else { plain = false; break }
            let (times10, o1) = fast.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { plain = false; break }
            fast = sum
        }
        if plain { return fast }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .notANumber }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; index = 1 }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var exponent = 0
        while index < bytes.count, (48...57).contains(bytes[index]) { integerDigits.append(bytes[index]); index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) { fractionDigits.append(bytes[index]); index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var expNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                expNegative = bytes[index] == UInt8(ascii: "-"); index += 1
            }
            var expDigits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                exponent = min(exponent * 10 + Int(bytes[index] - 48), 10_000); index += 1; expDigits += 1
            }
            guard expDigits > 0 else { throw .notANumber }
            if expNegative { exponent = -exponent }
        }
        guard index == bytes.count, !integerDigits.isEmpty else { throw .notANumber }
        // Shift the decimal point by the exponent.
        var digits = integerDigits + fractionDigits
        var pointPosition = integerDigits.count + exponent
        if pointPosition < 0 { digits = [UInt8](repeating: 48, count: -pointPosition) + digits; pointPosition = 0 }
        if pointPosition > digits.count {
            guard pointPosition - digits.count <= 40 else {
                if digits.allSatisfy({ $0 == 48 }) { return 0 }
                throw negative ? .negative : .overflow
            }
            digits += [UInt8](repeating: 48, count: pointPosition - digits.count)
        }
        let whole = digits[..<pointPosition]
        let fraction = digits[pointPosition...]
        guard fraction.allSatisfy({ $0 == 48 }) else { throw .notIntegral }
        var value: Int64 = 0
        for digit in whole {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit - 48))
            guard !o1, !o2 else { throw negative && !whole.allSatisfy({ $0 == 48 }) ? .negative : .overflow }
            value = sum
        }
        if negative && value != 0 { throw .negative }
        return value
    }

    /// An integer that may be negative (entity fields), exact.
    static func int64(_ text: String) -> Int64? {
        if let value = Int64(text) { return value }
        if let value = try? nonNegativeInt64(text) { return value }
        if text.hasPrefix("-"), let value = try? nonNegativeInt64(String(text.dropFirst())) { return -value }
        return nil
    }
}
