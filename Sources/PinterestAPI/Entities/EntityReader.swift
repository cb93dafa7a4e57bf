import PinterestModel

/// Reads one entity object of a list response, with errors naming the field and the entity id.
struct EntityReader {
    let object: JSONValue
    let what: String
    let account: String?
    var id: String?

    init(_ value: JSONValue, what: String, account: String?) throws {
        self.what = what
        self.account = account
        guard case .object = value else {
            throw PinterestAPIError.badResponse(what: what, field: "(item)", entityId: nil, account: account,
                                                problem: "expected an object, found \(value.typeName)")
        }
        self.object = value
    }

    private func bad(_ field: String, _ problem: String) -> PinterestAPIError {
        .badResponse(what: what, field: field, entityId: id, account: account, problem: problem)
    }

    /// An id: a string of digits, or a JSON number read from its exact text (never via Double).
    func requiredId(_ field: String) throws -> String {
        guard let value = try optionalId(field) else { throw bad(field, "missing") }
        return value
    }

    func optionalId(_ field: String) throws -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.isEmpty else { return nil }
            return text
        case .number(let text)?:
            guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw bad(field, "expected an id, found the number \(text)")
            }
            return text
        case let other?: throw bad(field, "expected an id, found \(other.typeName)")
        }
    }

    /// Enum-typed and free text fields: any string is kept as is.
    func string(_ field: String) throws -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let text)?: return text
        case let other?: throw bad(field, "expected a string, found \(other.typeName)")
        }
    }

    /// Integers (times, micro amounts), exact; digit strings are accepted too.
    func int64(_ field: String) throws -> Int64? {
        switch object[field] {
        case nil, .null?: return nil
        case .number(let text)?, .string(let text)?:
            guard let value = ExactNumber.int64(text) else { throw bad(field, "expected an integer, found \(text)") }
            return value
        case let other?: throw bad(field, "expected an integer, found \(other.typeName)")
        }
    }

    func double(_ field: String) throws -> Double? {
        switch object[field] {
        case nil, .null?: return nil
        case .number(let text)?, .string(let text)?:
            guard let value = Double(text), value.isFinite else { throw bad(field, "expected a number, found \(text)") }
            return value
        case let other?: throw bad(field, "expected a number, found \(other.typeName)")
        }
    }

    func bool(_ field: String) throws -> Bool? {
        switch object[field] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw bad(field, "expected a boolean, found \(other.typeName)")
        }
    }

    /// A nested object or array, as compact JSON text.
    func jsonText(_ field: String) -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case let value?: return value.jsonText
        }
    }

    func nested(_ field: String) throws -> EntityReader? {
        switch object[field] {
        case nil, .null?: return nil
        case let value?:
            var reader = try EntityReader(value, what: what, account: account)
            reader.id = id
            return reader
        }
    }
}
