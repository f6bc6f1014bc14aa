/// Walks a `JSONValue` while remembering the JSON path, so that every accessor can report
/// a wrong type, a missing key or an unknown key at its exact place in the file.
public struct JSONReader: Sendable {
    public let value: JSONValue
    public let path: String
    public let file: String

    public init(_ value: JSONValue, file: String, path: String = "$") {
        self.value = value
        self.file = file
        self.path = path
    }

    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, path: path, message: message)
    }

    /// Opens an object, rejecting any key not in `allowed` (a typo in a key must not be
    /// silently ignored: it would change the scoring without anyone noticing).
    public func object(allowing allowed: Set<String>) throws -> JSONObjectReader {
        guard case .object(let members) = value else { throw error("expected an object, found \(value.typeName)") }
        for key in members.keys.sorted() where !allowed.contains(key) && !key.hasPrefix("$") {
            let known = allowed.sorted().joined(separator: ", ")
            throw ConfigurationError(file: file, path: "\(path).\(key)", message: "unknown key \"\(key)\" (known keys: \(known))")
        }
        return JSONObjectReader(members: members, file: file, path: path)
    }

    public func array() throws -> [JSONReader] {
        guard case .array(let elements) = value else { throw error("expected an array, found \(value.typeName)") }
        return elements.enumerated().map { JSONReader($1, file: file, path: "\(path)[\($0)]") }
    }

    public func string() throws -> String {
        switch value {
        case .string(let text): return text
        // Codes such as 1 or 98 are often written as numbers; they are compared as text.
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return String(Int64(number))
        default: throw error("expected a string, found \(value.typeName)")
        }
    }

    public func number() throws -> Double {
        guard case .number(let number) = value else { throw error("expected a number, found \(value.typeName)") }
        return number
    }

    public func integer() throws -> Int {
        let number = try number()
        guard number == number.rounded(), abs(number) < 1e15 else { throw error("expected a whole number, found \(number)") }
        return Int(number)
    }

    public func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw error("expected true or false, found \(value.typeName)") }
        return flag
    }

    /// A list of strings, accepting a single string as a list of one.
    public func strings() throws -> [String] {
        if case .array = value { return try array().map { try $0.string() } }
        return [try string()]
    }
}

/// The members of one JSON object, read by key with paths in errors.
public struct JSONObjectReader: Sendable {
    let members: [String: JSONValue]
    public let file: String
    public let path: String

    public func has(_ key: String) -> Bool { members[key].map { $0 != .null } ?? false }

    public func optional(_ key: String) -> JSONReader? {
        guard let value = members[key], value != .null else { return nil }
        return JSONReader(value, file: file, path: "\(path).\(key)")
    }

    public func required(_ key: String) throws -> JSONReader {
        guard let reader = optional(key) else {
            throw ConfigurationError(file: file, path: path, message: "missing required key \"\(key)\"")
        }
        return reader
    }

    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, path: path, message: message)
    }
}
