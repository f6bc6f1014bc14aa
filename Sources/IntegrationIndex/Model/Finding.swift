/// A value that is wrong but does not break its row, such as an answer code the instrument
/// does not know. The row is kept; the value is treated as missing and the finding recorded.
public struct Finding: Sendable, Equatable {
    public enum Rule: String, Sendable, CaseIterable {
        /// An answer code outside the item's codes and non-answer codes.
        case unknownCode = "unknown-code"
        /// Text where a number was expected (a count item, an age).
        case notANumber = "not-a-number"
        /// A number outside every band of a banded group.
        case outsideBands = "outside-bands"
        /// An answer given although routing says the item was not asked.
        case answeredWhenSkipped = "answered-when-skipped"
        /// The file is not UTF-8 and was decoded as the encoding named in `value`.
        case encoding = "encoding"
        /// A choice label (from a label export) that matches none of the item's labels.
        case unknownLabel = "unknown-label"
    }

    /// The physical line in the data file.
    public var line: Int
    public var column: String
    public var value: String
    public var rule: Rule
    public var message: String

    public init(line: Int, column: String, value: String, rule: Rule, message: String) {
        self.line = line
        self.column = column
        self.value = value
        self.rule = rule
        self.message = message
    }
}

/// A row that could not be used, kept byte for byte with where it was and why.
public struct QuarantinedRow: Sendable, Equatable {
    /// The kinds of reasons, for summaries; `reason` says the particulars.
    public enum Kind: String, Sendable, CaseIterable {
        case fieldCount = "field-count"
        case malformedQuoting = "malformed-quoting"
        case missingID = "missing-id"
        case duplicateID = "duplicate-id"
        case missingDesignValue = "missing-design-value"
        case unusableWeight = "unusable-weight"
        case unusableFPC = "unusable-fpc"
    }

    public var line: Int
    public var kind: Kind
    public var reason: String
    /// The record exactly as it stood in the file, without its line ending.
    public var raw: [UInt8]
}
