/// A problem that stops a file from being read at all: the run cannot go on.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case notFound, unreadable, notText, noHeader, unbalancedQuote, missingColumn, ambiguousColumn, noRows
    }

    public var file: String
    public var kind: Kind
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, kind: Kind, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ": column \"\(column)\"" }
        return "\(location): \(message)"
    }
}
