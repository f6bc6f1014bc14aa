/// JSON to write, with object keys in the order a person reads them (instruments and the
/// study files `integra init` drafts are meant to be reviewed by hand). Printed with two
/// spaces of indentation and UTF-8 text unescaped, as the files in `Surveys/` are.
public indirect enum JSONDocument: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONDocument])
    case object([(String, JSONDocument)])

    public static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool { lhs.text == rhs.text }

    /// The document as text, ending with a line break.
    public var text: String {
        var output = ""
        write(to: &output, indent: "")
        return output + "\n"
    }

    private func write(to output: inout String, indent: String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += number.formatted
        case .string(let text): Self.quote(text, into: &output)
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            // Short lists of numbers (bins) stay on one line.
            if elements.count <= 12, elements.allSatisfy({ if case .number = $0 { true } else { false } }) {
                output += "[" + elements.map(\.text).map { String($0.dropLast()) }.joined(separator: ", ") + "]"
                return
            }
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += indent + "  "
                element.write(to: &output, indent: indent + "  ")
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += indent + "  "
                Self.quote(key, into: &output)
                output += ": "
                value.write(to: &output, indent: indent + "  ")
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        }
    }

    private static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension LocalizedText {
    /// One string when both languages say the same, else `{"es": …, "en": …}`.
    var json: JSONDocument { es == en ? .string(es) : .object([("es", .string(es)), ("en", .string(en))]) }
}
