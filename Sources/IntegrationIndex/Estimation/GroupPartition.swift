import Dispatch
import Synchronization

/// A study group variable resolved over the accepted rows: which domain each row is in, and
/// each domain's value and labels. Rows with no value form an explicit "no answer" domain.
public struct GroupPartition: Sendable {
    public var variable: GroupVariable
    public var partition: Partition
    /// One per domain, in report order.
    public var values: [String]
    public var labels: [LocalizedText]

    /// The group others are compared with: the first, in the study's order, that has
    /// respondents and is not the "no answer" group. Found once, when the partition is made.
    public private(set) var reference: Int?

    init(variable: GroupVariable, partition: Partition, values: [String], labels: [LocalizedText]) {
        self.variable = variable
        self.partition = partition
        self.values = values
        self.labels = labels
        // Which domains have rows, through plain pointers: a million rows for every group
        // variable, in the step where the groups are made with a core idle.
        var occupied = [Bool](repeating: false, count: values.count)
        occupied.withUnsafeMutableBufferPointer { occupied in
            partition.domainOfRow.withUnsafeBufferPointer { domainOfRow in
                for domain in domainOfRow {
                    precondition(UInt32(bitPattern: domain) < UInt32(occupied.count), "a row's domain is outside its variable's values")
                    occupied[Int(domain)] = true
                }
            }
        }
        reference = values.indices.first { occupied[$0] && values[$0] != "" }
    }

    /// The domains of every group variable of a study, in the study's order; findings for
    /// numbers outside every band.
    public static func make(for study: Study, table: SurveyTable) -> (groups: [GroupPartition], findings: [Finding]) {
        // The variables that are not crossings, on all cores (each is a pass over the rows of
        // its own column); their findings kept in the study's order.
        let variables = study.groups
        let made = Mutex([(group: GroupPartition, findings: [Finding])?](repeating: nil, count: variables.count))
        DispatchQueue.concurrentPerform(iterations: variables.count) { index in
            let variable = variables[index]
            var findings: [Finding] = []
            let group: GroupPartition
            switch variable.kind {
            case .categorical(let column, let listed):
                group = categorical(variable, column: table.categorical[column]!, listed: listed)
            case .bands(let column, let bands):
                group = banded(variable, column: column, values: table.numeric[column]!.values, bands: bands, lines: table.lines, findings: &findings)
            case .crossing:
                return
            }
            made.withLock { $0[index] = (group, findings) }
        }
        let simple = made.withLock { $0 }
        let byKey = Dictionary(uniqueKeysWithValues: zip(variables, simple).compactMap { variable, made in made.map { (variable.key, $0.group) } })
        let groups = variables.indices.map { index -> GroupPartition in
            if case .crossing(let members) = variables[index].kind { return crossing(variables[index], members: members.map { byKey[$0]! }) }
            return simple[index]!.group
        }
        return (groups, simple.flatMap { $0?.findings ?? [] })
    }

    private static func categorical(_ variable: GroupVariable, column: CategoricalColumn, listed: [GroupVariable.GroupValue]) -> GroupPartition {
        var values = listed.map(\.value)
        var labels = listed.map(\.labels)
        // A level is a listed value, a listed value's label (label exports), or a group of its own.
        func listedValue(_ level: String) -> String {
            if values.contains(level) { return level }
            let key = level.labelKey
            return listed.first { $0.labels.labelKeys.contains(key) }?.value ?? level
        }
        for level in column.levels.map(listedValue).sorted() where !values.contains(level) {
            values.append(level)
            labels.append(LocalizedText(level))
        }
        let domainOfLevel = column.levels.map { Int32(values.firstIndex(of: listedValue($0))!) }
        let hasMissing = column.codes.hasMissing
        let missingDomain = Int32(values.count)
        if hasMissing {
            values.append("")
            labels.append(GroupVariable.noAnswerLabel)
        }
        let domainOfRow = column.codes.mapCodes { $0 == CategoricalColumn.missing ? missingDomain : domainOfLevel[Int($0)] }
        return GroupPartition(
            variable: variable, partition: Partition(key: variable.key, domains: values.map { [$0] }, domainOfRow: domainOfRow),
            values: values, labels: labels)
    }

    static func banded(
        _ variable: GroupVariable, column: String, values numbers: [Double], bands: [GroupVariable.Band], lines: [Int32],
        findings: inout [Finding]
    ) -> GroupPartition {
        var values = bands.map(\.labels.en)
        var labels = bands.map(\.labels)
        let missingDomain = Int32(bands.count)
        var hasMissing = false
        var domainOfRow = [Int32](repeating: missingDomain, count: numbers.count)
        // Each band's bounds as plain numbers, `Band.contains` without copying a band (and
        // its labels) per row: no lower bound is −∞, which every number meets; no upper bound
        // is met by every number, +∞ included.
        let lowers = bands.map { $0.lower ?? -.infinity }
        let uppers = bands.map { $0.upper ?? .infinity }
        let unbounded = bands.map { $0.upper == nil }
        func band(of number: Double) -> Int? {
            for index in lowers.indices where number >= lowers[index] && (number < uppers[index] || unbounded[index]) { return index }
            return nil
        }
        // Which bands hold a row's number, as bits, the first of them its band: every band is
        // tested, without a branch, where stopping at the first band that holds it took a
        // mispredicted branch at most rows (which band an age falls in is a coin toss to the
        // processor), most of the time the groups took. More bands than bits: one at a time.
        let bandCount = bands.count
        let inBits = bandCount <= 64
        lowers.withUnsafeBufferPointer { lowers in
            uppers.withUnsafeBufferPointer { uppers in
                unbounded.withUnsafeBufferPointer { unbounded in
                    domainOfRow.withUnsafeMutableBufferPointer { domainOfRow in
                        for (row, number) in numbers.enumerated() {
                            var found: Int?
                            if inBits {
                                var held: UInt64 = 0
                                for index in 0..<bandCount {
                                    let above = unsafeBitCast(number >= lowers[index], to: UInt8.self)
                                    let below = unsafeBitCast(number < uppers[index], to: UInt8.self) | unsafeBitCast(unbounded[index], to: UInt8.self)
                                    held |= UInt64(above & below) &<< UInt64(index)
                                }
                                // A NaN is held by no band.
                                found = held == 0 ? nil : held.trailingZeroBitCount
                            } else {
                                found = band(of: number)
                            }
                            if let found {
                                domainOfRow[row] = Int32(found)
                            } else if number.isNaN {
                                hasMissing = true
                            } else {
                                hasMissing = true
                                findings.append(Finding(
                                    line: Int(lines[row]), column: column, value: number.csvText, rule: .outsideBands,
                                    message: "\(number.csvText) is outside every band of group \"\(variable.key)\"; counted as no answer"))
                            }
                        }
                    }
                }
            }
        }
        if hasMissing {
            values.append("")
            labels.append(GroupVariable.noAnswerLabel)
        }
        return GroupPartition(
            variable: variable, partition: Partition(key: variable.key, domains: values.map { [$0] }, domainOfRow: domainOfRow),
            values: values, labels: labels)
    }

    /// Combinations of the members' domains that occur in the data, in the members' order.
    static func crossing(_ variable: GroupVariable, members: [GroupPartition], tableLimit: Int = 1 << 22) -> GroupPartition {
        let rows = members[0].partition.domainOfRow.count
        // Each member's place value in a row's combination: the last member's is 1.
        var radices = [Int](repeating: 1, count: members.count)
        var radix = 1
        for index in members.indices.reversed() {
            radices[index] = radix
            radix *= members[index].values.count
        }
        // The combinations that occur, and each one's domain: through a table indexed by the
        // combination while the members' sizes multiply to a few million (hashing every
        // row's combination was most of the time), else through a dictionary. With the
        // table, a row's combination is made again in each of the two passes, where a
        // column of them (8 MB at a million rows, fresh memory) was written and read back.
        let (present, domainOfRow) = members.map(\.partition.domainOfRow).withUnsafeBuffers { columns -> ([Int], [Int32]) in
            for column in columns { precondition(column.count == rows, "the crossed variables differ in rows") }
            @inline(__always) func combination(of row: Int) -> Int {
                var combination = 0
                for (column, radix) in zip(columns, radices) { combination &+= Int(column[row]) &* radix }
                return combination
            }
            guard radix <= tableLimit else {
                let combined = (0..<rows).map(combination(of:))
                let present = Set(combined).sorted()
                let domainOfCombination = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, Int32($0)) })
                return (present, combined.map { domainOfCombination[$0]! })
            }
            var domainOfCombination = [Int32](repeating: -1, count: radix)
            return domainOfCombination.withUnsafeMutableBufferPointer { table in
                for row in 0..<rows {
                    let combination = combination(of: row)
                    // A domain within its variable's values gives a combination in the table.
                    precondition(UInt(bitPattern: combination) < UInt(table.count), "a row's domain is outside its variable's values")
                    table[combination] = 0
                }
                let present = table.indices.filter { table[$0] == 0 }
                for (domain, combination) in present.enumerated() { table[combination] = Int32(domain) }
                let domainOfRow = [Int32](unsafeUninitializedCapacity: rows) { target, initialized in
                    for row in 0..<rows { target[row] = table[combination(of: row)] }
                    initialized = rows
                }
                return (present, domainOfRow)
            }
        }
        var values: [String] = []
        var labels: [LocalizedText] = []
        var domains: [[String]] = []
        for combination in present {
            var rest = combination
            var parts: [(String, LocalizedText)] = []
            for member in members.reversed() {
                let index = rest % member.values.count
                rest /= member.values.count
                parts.insert((member.values[index], member.labels[index]), at: 0)
            }
            domains.append(parts.map(\.0))
            values.append(parts.map(\.0).joined(separator: "|"))
            labels.append(LocalizedText(es: parts.map(\.1.es).joined(separator: " × "), en: parts.map(\.1.en).joined(separator: " × ")))
        }
        return GroupPartition(
            variable: variable,
            partition: Partition(key: variable.key, domains: domains, domainOfRow: domainOfRow),
            values: values, labels: labels)
    }
}
