import Foundation

/// A parsed JSON document, kept as plain values so configuration files can be validated
/// key by key with the JSON path of every problem (Codable's errors do not name unknown keys).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text; `source` names the file in the error, which gives the line
    /// and column of the problem.
    public static func parse(_ data: Data, source: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(data)
        } catch {
            throw ConfigurationError(file: source, path: "$", message: "not valid JSON: \(error.description)")
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON value from any Decoder too (`JSONParser`'s tests compare the two readings).
extension JSONValue: Decodable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
