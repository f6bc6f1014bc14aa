/// The accepted rows of a survey file, kept as columns: only the columns a study needs,
/// each dictionary-encoded (answers, groups, design ids) or parsed as numbers (weights,
/// ages, counts). This is what ingest hands to scoring and estimation.
public struct SurveyTable: Sendable {
    public var rowCount: Int { idsAreLines ? lines.count : ids.count }
    /// Each accepted row's respondent id, from the id column. Empty when `idsAreLines`.
    public var ids: [String] = []
    /// Rows are named by their line (`integra estimate`, drafting a study): `lines` names
    /// them, and no text per row is made.
    public var idsAreLines = false
    /// The physical line of each accepted row in the source file, for findings.
    public var lines: [Int32] = []
    public var categorical: [String: CategoricalColumn] = [:]
    public var numeric: [String: NumericColumn] = [:]

    public init() {}
}

/// A text column as codes into a list of distinct values; blank cells are `missing`.
public struct CategoricalColumn: Sendable {
    public static let missing: Int32 = -1
    public var levels: [String]
    public var codes: CategoricalCodes

    public init(levels: [String], codes: [Int32]) {
        self.levels = levels
        self.codes = CategoricalCodes(codes, levelCount: levels.count)
    }

    public init(levels: [String], codes: CategoricalCodes) {
        self.levels = levels
        self.codes = codes
    }

    public func value(at row: Int) -> String? {
        let code = codes[row]
        return code == Self.missing ? nil : levels[Int(code)]
    }
}

/// A number column; blank or unreadable cells are NaN (unreadable ones also give a finding).
public struct NumericColumn: Sendable {
    public var values: [Double]

    public init(values: [Double]) { self.values = values }
}
