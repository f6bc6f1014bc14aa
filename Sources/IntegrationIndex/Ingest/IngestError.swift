/// A problem that stops a file from being read at all: the run cannot go on.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case notFound, unreadable, notText, noHeader, unbalancedQuote, missingColumn, ambiguousColumn, noRows, missingSheet
    }

    public var file: String
    public var kind: Kind
    public var line: Int?
    public var column: String?
    /// The 0-based field position, when the column's name is not known yet.
    public var field: Int?
    public var message: String

    public init(file: String, kind: Kind, line: Int? = nil, column: String? = nil, field: Int? = nil, message: String) {
        self.file = file
        self.kind = kind
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column {
            location += ": column \"\(column)\""
        } else if let field {
            location += ": field \(field + 1)"
        }
        return "\(location): \(message)"
    }
}
