/// The statistics the engine estimates.
public enum Statistic: String, Sendable, CaseIterable {
    case mean, total, proportion
    /// Σ w·y / Σ w·x over a domain (R's `svyratio`): the counting view's intensity and
    /// contributions are shares of one total in another.
    case ratio
    /// The difference of two domains' means, the result of a comparison.
    case difference
}

/// One column to analyse as numbers, NaN where missing (those rows keep their place in the
/// design with zero weight for this estimate). A proportion is the mean of a 0/1 indicator
/// of one category, so a categorical column becomes one variable per category.
public struct AnalysisVariable: Sendable {
    public var name: String
    public var statistic: Statistic
    /// The category a proportion counts.
    public var level: String?
    public var values: [Double]
    /// A ratio's denominator x, row by row (`values` holds the numerator y); `nil` for the
    /// other statistics.
    public var denominator: [Double]?

    public init(name: String, statistic: Statistic, level: String? = nil, values: [Double]) {
        self.name = name
        self.statistic = statistic
        self.level = level
        self.values = values
    }

    /// Σ w·y / Σ w·x. A row missing either value counts for neither, so the numerator is
    /// made missing wherever the denominator is.
    public static func ratio(name: String, numerator: [Double], denominator: [Double]) -> AnalysisVariable {
        var variable = AnalysisVariable(name: name, statistic: .ratio, values: zip(numerator, denominator).map { y, x in x.isNaN ? .nan : y })
        variable.denominator = denominator
        return variable
    }

    /// One proportion variable per category of `column`, in the order of `levels` (all the
    /// column's categories when `nil`).
    public static func proportions(of column: CategoricalColumn, name: String, levels: [String]? = nil) -> [AnalysisVariable] {
        let wanted = levels ?? column.levels
        return wanted.map { level in
            let target = column.levels.firstIndex(of: level).map(Int32.init) ?? -2
            let values = column.codes.mapCodes { code -> Double in
                code == CategoricalColumn.missing ? .nan : (code == target ? 1 : 0)
            }
            return AnalysisVariable(name: name, statistic: .proportion, level: level, values: values)
        }
    }
}

/// A split of the rows into domains (groups), every row in exactly one. Domains are
/// estimated with zero weights outside them, never by dropping rows.
public struct Partition: Sendable {
    /// The group variable's key; empty for the whole population.
    public var key: String
    /// The values that name each domain, one per crossed column.
    public var domains: [[String]]
    public var domainOfRow: [Int32]

    public init(key: String, domains: [[String]], domainOfRow: [Int32]) {
        self.key = key
        self.domains = domains
        self.domainOfRow = domainOfRow
    }

    /// The whole population as a single domain.
    public static func whole(rows: Int) -> Partition {
        Partition(key: "", domains: [[]], domainOfRow: [Int32](repeating: 0, count: rows))
    }

    /// The domains of one or more crossed categorical columns, in order of first appearance
    /// of each combination; a missing value is a domain of its own, named `missingName`.
    public static func crossing(_ columns: [CategoricalColumn], key: String, missingName: String = "") -> Partition {
        let rows = columns.first?.codes.count ?? 0
        // Each row's combination as one number in mixed radix (code + 1 in each column's
        // digit, so a blank is 0), made a column at a time, then looked up in a flat table:
        // a dictionary keyed by the combination hashed it and copied every column per row.
        let radices = columns.map { $0.levels.count + 1 }
        var combinations = 1
        for radix in radices {
            let (product, overflow) = combinations.multipliedReportingOverflow(by: radix)
            guard !overflow, product <= 1 << 22 else { return hashedCrossing(columns, key: key, missingName: missingName) }
            combinations = product
        }
        var keys = [Int32](repeating: 0, count: rows)
        keys.withUnsafeMutableBufferPointer { keys in
            guard let keys = keys.baseAddress else { return }
            for (column, radix) in zip(columns, radices) {
                let radix = Int32(radix)
                column.codes.withStorage(
                    narrow: { codes in
                        // A one-byte code plus one wraps a blank (255) to 0: a loop with no
                        // branch, which the compiler makes a vector's rows at a time.
                        for row in 0..<rows { keys[row] = keys[row] &* radix &+ Int32(codes[row] &+ 1) }
                    },
                    wide: { codes in
                        for row in 0..<rows { keys[row] = keys[row] &* radix &+ codes[row] &+ 1 }
                    })
            }
        }
        var domainOfKey = [Int32](repeating: -1, count: combinations)
        var domains: [[String]] = []
        var domainOfRow = [Int32](repeating: 0, count: rows)
        for row in 0..<rows {
            let key = Int(keys[row])
            if domainOfKey[key] < 0 {
                // Numbered in order of first appearance, as the rows meet them.
                domainOfKey[key] = Int32(domains.count)
                domains.append(columns.map { column in
                    let code = column.codes[row]
                    return code == CategoricalColumn.missing ? missingName : column.levels[Int(code)]
                })
            }
            domainOfRow[row] = domainOfKey[key]
        }
        return Partition(key: key, domains: domains, domainOfRow: domainOfRow)
    }

    /// `crossing` for combinations too many for a flat table, through a dictionary.
    static func hashedCrossing(_ columns: [CategoricalColumn], key: String, missingName: String) -> Partition {
        let rows = columns.first?.codes.count ?? 0
        var index: [[Int32]: Int32] = [:]
        var domains: [[String]] = []
        var domainOfRow = [Int32](repeating: 0, count: rows)
        var combination = [Int32](repeating: 0, count: columns.count)
        for row in 0..<rows {
            for (c, column) in columns.enumerated() { combination[c] = column.codes[row] }
            if let domain = index[combination] {
                domainOfRow[row] = domain
            } else {
                let domain = Int32(domains.count)
                index[combination] = domain
                domains.append(combination.enumerated().map { c, code in
                    code == CategoricalColumn.missing ? missingName : columns[c].levels[Int(code)]
                })
                domainOfRow[row] = domain
            }
        }
        return Partition(key: key, domains: domains, domainOfRow: domainOfRow)
    }
}
