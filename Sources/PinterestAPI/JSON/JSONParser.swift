import Foundation

/// A malformed or truncated JSON document, at a byte offset.
struct JSONSyntaxError: Error, CustomStringConvertible {
    var offset: Int64
    var problem: String
    var description: String { "\(problem) at byte \(offset)" }
}

/// A pull parser: the caller walks the document value by value, so a file of any size is read
/// with the memory of one value. Numbers are kept as their exact source text.
struct JSONParser {
    let reader: ByteReader
    /// Nesting limit for `readValue`/`skipValue`.
    var maxDepth = 512
    /// Longest string accepted, in bytes: a report's values are ids, dates and names, so a longer
    /// one is a broken or hostile file, refused before it can fill memory.
    var maxStringBytes = 1 << 20
    /// Longest number text accepted.
    var maxNumberBytes = 1_024

    init(_ reader: ByteReader) { self.reader = reader }

    func fail(_ problem: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: reader.offset, problem: problem)
    }

    /// The next non-whitespace byte, not consumed; nil at the end of input.
    func peekToken() throws -> UInt8? {
        while let byte = try reader.peek() {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09: _ = try reader.next()
            default: return byte
            }
        }
        return nil
    }

    func expect(_ byte: UInt8) throws {
        guard let found = try peekToken() else {
            throw fail("unexpected end of input, expected '\(Character(UnicodeScalar(byte)))'")
        }
        guard found == byte else {
            throw fail("expected '\(Character(UnicodeScalar(byte)))', found '\(Self.show(found))'")
        }
        _ = try reader.next()
    }

    /// After a member or element: true if a comma follows (more to come), false if `closer` did.
    func nextSeparator(closer: UInt8) throws -> Bool {
        guard let found = try peekToken() else { throw fail("unexpected end of input inside a container") }
        _ = try reader.next()
        if found == UInt8(ascii: ",") { return true }
        if found == closer { return false }
        throw fail("expected ',' or '\(Character(UnicodeScalar(closer)))', found '\(Self.show(found))'")
    }

    /// Consumes `closer` if it is next (an empty container).
    func consumeIfNext(_ closer: UInt8) throws -> Bool {
        guard try peekToken() == closer else { return false }
        _ = try reader.next()
        return true
    }

    /// Requires nothing but whitespace to remain.
    func expectEnd() throws {
        if let byte = try peekToken() { throw fail("unexpected '\(Self.show(byte))' after the document") }
    }

    func readString() throws -> String {
        var bytes: [UInt8] = []
        try readStringBytes(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a string's UTF-8 bytes into `bytes` (replacing its contents, keeping its capacity).
    func readStringBytes(into bytes: inout [UInt8]) throws {
        try expect(UInt8(ascii: "\""))
        bytes.removeAll(keepingCapacity: true)
        while true {
            let stop = try reader.appendStringRun(to: &bytes, limit: maxStringBytes)
            guard bytes.count <= maxStringBytes else {
                throw fail("string longer than \(maxStringBytes) bytes")
            }
            guard stop != nil, let byte = try reader.next() else {
                throw fail("unexpected end of input inside a string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                guard let escape = try reader.next() else { throw fail("unexpected end of input inside a string") }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard try reader.next() == UInt8(ascii: "\\"), try reader.next() == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate in a string")
                        }
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    bytes.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw fail("invalid escape '\\\(Self.show(escape))'")
                }
            case 0x00..<0x20:
                throw fail("control character inside a string")
            default:
                bytes.append(byte)
            }
        }
    }

    private func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try reader.next() else { throw fail("unexpected end of input in \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// A number's exact text, validated against the JSON grammar.
    func readNumber() throws -> String {
        var bytes: [UInt8] = []
        try readNumberBytes(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a number's text into `bytes` (replacing its contents, keeping its capacity).
    func readNumberBytes(into bytes: inout [UInt8]) throws {
        _ = try peekToken()
        bytes.removeAll(keepingCapacity: true)
        func digits() throws -> Int {
            let count = try reader.appendDigits(to: &bytes, limit: maxNumberBytes)
            guard bytes.count <= maxNumberBytes else { throw fail("number longer than \(maxNumberBytes) digits") }
            return count
        }
        if try reader.peek() == UInt8(ascii: "-") { bytes.append(UInt8(ascii: "-")); _ = try reader.next() }
        let first = try reader.peek()
        guard try digits() > 0 else { throw fail("invalid number") }
        if first == UInt8(ascii: "0"), bytes.count > (bytes.first == UInt8(ascii: "-") ? 2 : 1) {
            throw fail("invalid number (leading zero)")
        }
        if try reader.peek() == UInt8(ascii: ".") {
            bytes.append(UInt8(ascii: ".")); _ = try reader.next()
            guard try digits() > 0 else { throw fail("invalid number (no digits after '.')") }
        }
        if let e = try reader.peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.append(e); _ = try reader.next()
            if let sign = try reader.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes.append(sign); _ = try reader.next()
            }
            guard try digits() > 0 else { throw fail("invalid number (no exponent digits)") }
        }
    }

    private func readLiteral(_ text: String) throws {
        for expected in text.utf8 {
            guard let byte = try reader.next() else { throw fail("unexpected end of input in '\(text)'") }
            guard byte == expected else { throw fail("invalid literal, expected '\(text)'") }
        }
    }

    /// Reads any value into memory (for small documents and single rows).
    func readValue(depth: Int = 0) throws -> JSONValue {
        guard depth < maxDepth else { throw fail("nesting too deep") }
        guard let byte = try peekToken() else { throw fail("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            _ = try reader.next()
            var members: [(String, JSONValue)] = []
            if try consumeIfNext(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                let key = try readString()
                try expect(UInt8(ascii: ":"))
                members.append((key, try readValue(depth: depth + 1)))
            } while try nextSeparator(closer: UInt8(ascii: "}"))
            return .object(members)
        case UInt8(ascii: "["):
            _ = try reader.next()
            var elements: [JSONValue] = []
            if try consumeIfNext(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try readValue(depth: depth + 1))
            } while try nextSeparator(closer: UInt8(ascii: "]"))
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"):
            try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            throw fail("unexpected '\(Self.show(byte))', expected a value")
        }
    }

    /// Reads past any value without keeping it (strings are still bounded by `maxStringBytes`);
    /// returns its type, worded as `JSONValue.typeName`.
    @discardableResult
    func skipValue(depth: Int = 0) throws -> String {
        guard depth < maxDepth else { throw fail("nesting too deep") }
        guard let byte = try peekToken() else { throw fail("unexpected end of input, expected a value") }
        var scratch: [UInt8] = []
        switch byte {
        case UInt8(ascii: "{"):
            _ = try reader.next()
            if try consumeIfNext(UInt8(ascii: "}")) { return "an object" }
            repeat {
                try readStringBytes(into: &scratch)
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            } while try nextSeparator(closer: UInt8(ascii: "}"))
            return "an object"
        case UInt8(ascii: "["):
            _ = try reader.next()
            if try consumeIfNext(UInt8(ascii: "]")) { return "an array" }
            repeat {
                try skipValue(depth: depth + 1)
            } while try nextSeparator(closer: UInt8(ascii: "]"))
            return "an array"
        case UInt8(ascii: "\""):
            try readStringBytes(into: &scratch)
            return "a string"
        case UInt8(ascii: "t"):
            try readLiteral("true"); return "a boolean"
        case UInt8(ascii: "f"):
            try readLiteral("false"); return "a boolean"
        case UInt8(ascii: "n"):
            try readLiteral("null"); return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumberBytes(into: &scratch)
            return "a number"
        default:
            throw fail("unexpected '\(Self.show(byte))', expected a value")
        }
    }

    static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(Character(UnicodeScalar(byte))) : String(format: "0x%02X", byte)
    }
}
