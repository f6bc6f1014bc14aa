/// A categorical variable calibration can use: a study group (its values, bands or
/// crossings) or, for `integra estimate`, a data column. A margin's cells name its levels by
/// value or, for groups, by label.
public struct CalibrationVariable: Sendable {
    public var name: String
    public var levels: [String]
    /// Other names of each level a margin file may use (a group value's labels).
    public var aliases: [[String]]
    /// Each row's level; `CategoricalColumn.missing` when the row has none.
    public var levelOfRow: [Int32]

    public init(name: String, levels: [String], aliases: [[String]] = [], levelOfRow: [Int32]) {
        self.name = name
        self.levels = levels
        self.aliases = aliases.isEmpty ? levels.map { _ in [] } : aliases
        self.levelOfRow = levelOfRow
    }

    /// A data column as it was read.
    public init(name: String, column: CategoricalColumn) {
        self.init(name: name, levels: column.levels, levelOfRow: column.codes.int32Codes)
    }

    /// A study group: rows in its "no answer" group have no level.
    public init(group: GroupPartition) {
        let noAnswer = group.values.firstIndex(of: "").map(Int32.init)
        self.init(
            name: group.variable.key, levels: group.values, aliases: group.labels.map { [$0.es, $0.en] },
            levelOfRow: group.partition.domainOfRow.map { $0 == noAnswer ? CategoricalColumn.missing : $0 })
    }

    /// The level a margin names: by value first, then by label (case and accents as written).
    func level(named text: String) -> Int? {
        if let index = levels.firstIndex(of: text) { return index }
        return aliases.firstIndex { $0.contains(text) }
    }
}
