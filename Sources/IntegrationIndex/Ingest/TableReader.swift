import Foundation

/// Reads the columns a caller asks for from a CSV file into a `SurveyTable`, sorting rows
/// into accepted and quarantined. `SurveyReader` asks for a study's columns; `integra
/// estimate` asks for the columns named on its command line.
public struct TableReader: Sendable {
    /// What one column is read for, which decides how its cells are kept and checked.
    public enum Role: Sendable, Equatable {
        case weight, fpc
        /// A replicate weight: like the weight, a number ≥ 0 on every row.
        case replicateWeight
        /// The number of options chosen in a select_multiple question, from its summary column
        /// or its `question/option` columns; kept as a number column.
        case selectedCount
        /// Strata and cluster ids: a blank cell makes the row unusable.
        case designID
        case categorical
        case numeric
    }

    public struct ColumnRequest: Sendable {
        public var name: String
        public var roles: [Role]
        /// Labels the column's header may carry in a label export.
        public var labels: [String]

        public init(name: String, roles: [Role], labels: [String] = []) {
            self.name = name
            self.roles = roles
            self.labels = labels
        }
    }

    /// Where rows get their ids.
    public enum IDColumn: Sendable {
        /// Rows are named by their line number (`integra estimate`).
        case lineNumbers
        case named(String)
        /// The first of `ColumnMatcher.defaultIDColumns` in the header (`_uuid`, `KEY`, …).
        case platformDefault
    }

    public var idColumn: IDColumn
    public var columns: [ColumnRequest]
    /// Replicate weight columns, found in the header by their prefix.
    public var replicates: ReplicateSpecification?
    /// Study column name → header name, for headers found by no rule.
    public var mapping: [String: String]
    /// Decimal comma in number columns; `nil` to detect it from the file.
    public var decimalComma: Bool?
    /// The sheet of an .xlsx file to read; `nil` for the first.
    public var sheet: String?
    /// How batches of records are shared between cores (tests split tiny batches too).
    var parallelism = RowAccumulator.Parallelism()
    /// The reader's buffer size (tests make records cross it). Each buffer is parsed on all
    /// cores and then kept, so a buffer costs two rounds of waking the cores: 4 MiB makes 28
    /// rounds of a 113 MiB file (1M rows ingest ~0.02 s faster than at 1 MiB, +2 MiB of
    /// memory; at 8 MiB no faster and +6 MiB).
    var chunkSize = 1 << 22

    public init(
        idColumn: IDColumn, columns: [ColumnRequest], replicates: ReplicateSpecification? = nil, mapping: [String: String] = [:],
        decimalComma: Bool? = nil, sheet: String? = nil
    ) {
        self.idColumn = idColumn
        self.columns = Self.merged(columns)
        self.replicates = replicates
        self.mapping = mapping
        self.decimalComma = decimalComma
        self.sheet = sheet
    }

    /// One request per column, with the roles of all requests for it.
    static func merged(_ requests: [ColumnRequest]) -> [ColumnRequest] {
        var result: [ColumnRequest] = []
        for request in requests {
            if let index = result.firstIndex(where: { $0.name == request.name }) {
                for role in request.roles where !result[index].roles.contains(role) { result[index].roles.append(role) }
                result[index].labels += request.labels.filter { !result[index].labels.contains($0) }
            } else {
                result.append(request)
            }
        }
        return result
    }

    /// Reads a survey file of any format `SurveyFile` knows (CSV, .xlsx, .sav, .dta).
    public func read(_ url: URL) throws -> IngestResult {
        // A file is read more than once (its decimal convention is sampled first): a pipe
        // would lose the rows the first reading took.
        var status = stat()
        if stat(url.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw IngestError(
                file: url.path, kind: .unreadable,
                message: "not a regular file (a pipe or a device): integra reads a survey file more than once; save it to a file first")
        }
        return try SurveyFile.withCSV(of: url, sheet: sheet) { csv in
            var result = try readCSV(csv)
            result.file = url
            return result
        }
    }

    private func readCSV(_ url: URL) throws -> IngestResult {
        let reader = try CSVReader(url: url, chunkSize: chunkSize)
        guard let headerInfo = try reader.next() else {
            throw IngestError(file: url.path, kind: .noHeader, line: 1, message: "the file is empty: no header line")
        }
        let header = reader.fields.map { reader.string(of: $0).trimmingCharacters(in: .whitespaces) }
        let headerRaw = reader.withBytes { Array($0[headerInfo.raw]) }
        let matcher = ColumnMatcher(header: header, mapping: mapping)
        func fail(_ wanted: String, _ failure: ColumnMatcher.MatchFailure) -> IngestError {
            let shown = header.prefix(12).joined(separator: ", ") + (header.count > 12 ? ", …" : "")
            switch failure {
            case .missing:
                return IngestError(
                    file: url.path, kind: .missingColumn, line: headerInfo.line, column: wanted,
                    message: "this column is needed but is not in the header, by name, group path or label (\(header.count) columns: \(shown))")
            case .mappedColumnMissing(let mapped):
                return IngestError(file: url.path, kind: .missingColumn, line: headerInfo.line, column: wanted, message: "the study maps it to \"\(mapped)\", which is not in the header")
            case .ambiguous(let candidates):
                return IngestError(
                    file: url.path, kind: .ambiguousColumn, line: headerInfo.line, column: wanted,
                    message: "several columns could be it (\(candidates.map { "\"\($0)\"" }.joined(separator: ", "))): name one in the study's \"columns\"")
            }
        }

        var columns = columns
        var replicateColumns: [String] = []
        if let replicates {
            replicateColumns = replicates.columns(in: header)
            guard replicateColumns.count >= 2 else {
                throw IngestError(
                    file: url.path, kind: .missingColumn, line: headerInfo.line, column: replicates.prefix + "1",
                    message: "replicate weight columns are needed (named \"\(replicates.prefix)\" and a number) but the header has \(replicateColumns.count)")
            }
            columns = Self.merged(columns + replicateColumns.map { ColumnRequest(name: $0, roles: [.replicateWeight]) })
        }

        var idMatch: ColumnMatcher.Match?
        switch idColumn {
        case .lineNumbers: break
        case .named(let name):
            switch matcher.match(name) {
            case .success(let match): idMatch = match
            case .failure(let failure): throw fail(name, failure)
            }
        case .platformDefault:
            guard let name = ColumnMatcher.defaultIDColumns.first(where: { header.contains($0) }) else {
                throw IngestError(
                    file: url.path, kind: .missingColumn, line: headerInfo.line, column: "id",
                    message: "the study names no id column and the header has none of \(ColumnMatcher.defaultIDColumns.joined(separator: ", ")): give one with \"id\"")
            }
            idMatch = ColumnMatcher.Match(wanted: name, header: name, index: header.firstIndex(of: name)!, rule: .exact)
        }
        var matches: [ColumnMatcher.Match] = []
        var missing: [(String, ColumnMatcher.MatchFailure)] = []
        // select_multiple counts: the summary column is read as text; without one, the
        // question's option columns are read as numbers and summed after.
        var selectSummaries: [String] = []
        var selectOptions: [String: [String]] = [:]
        for (index, column) in columns.enumerated() where column.roles.contains(.selectedCount) {
            if case .success = matcher.match(column.name, labels: column.labels) {
                columns[index].roles = [.categorical]
                selectSummaries.append(column.name)
            } else {
                let options = ColumnMatcher.optionColumns(of: column.name, in: header)
                if !options.isEmpty { selectOptions[column.name] = options }
            }
        }
        let optionColumns = Set(selectOptions.keys)
        columns = columns.filter { !optionColumns.contains($0.name) } + selectOptions.values.flatMap { $0 }.map { ColumnRequest(name: $0, roles: [.numeric]) }
        for column in columns {
            switch matcher.match(column.name, labels: column.labels) {
            case .success(let match): matches.append(match)
            case .failure(let failure): missing.append((column.name, failure))
            }
        }
        if let (name, failure) = missing.first {
            var error = fail(name, failure)
            if missing.count > 1, case .missing = failure {
                error.message = "\(missing.count) needed columns are not in the header (\(missing.map { "\"\($0.0)\"" }.joined(separator: ", "))); " + error.message
            }
            throw error
        }
        if let clash = Dictionary(grouping: matches, by: \.index).values.first(where: { $0.count > 1 }) {
            throw IngestError(
                file: url.path, kind: .ambiguousColumn, line: headerInfo.line, column: header[clash[0].index],
                message: "this column would serve \(clash.map { "\"\($0.wanted)\"" }.joined(separator: " and ")): map them in the study's \"columns\"")
        }
        let numericIndices = Set(zip(columns, matches).filter { column, _ in
            column.roles.contains { [.numeric, .weight, .fpc, .replicateWeight].contains($0) }
        }.map(\.1.index))
        let decimalComma = try self.decimalComma ?? DecimalConvention.detect(reader: reader, columns: numericIndices)

        var accumulator = RowAccumulator(
            idIndex: idMatch?.index, fieldCount: header.count, usedFieldCount: (header.lastIndex { !$0.isEmpty } ?? 0) + 1,
            columns: zip(columns, matches).map { (name: $0.name, index: $1.index, roles: $0.roles) }, decimalComma: decimalComma,
            parallelism: parallelism)
        do {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            try accumulator.read(reader, fileSize: size)
        } catch var error as IngestError {
            if let field = error.field, field < header.count { error.column = header[field] }
            throw error
        }
        var result = accumulator.finish()
        for name in selectSummaries {
            let column = result.table.categorical.removeValue(forKey: name)!
            let counts = column.levels.map { Double($0.split(separator: " ").count) }
            result.table.numeric[name] = NumericColumn(values: column.codes.mapCodes { $0 == CategoricalColumn.missing ? .nan : counts[Int($0)] })
        }
        for (name, options) in selectOptions {
            let columns = options.map { result.table.numeric.removeValue(forKey: $0)!.values }
            result.table.numeric[name] = NumericColumn(values: (0..<result.table.rowCount).map { row in
                let answered = columns.map { $0[row] }.filter { !$0.isNaN }
                return answered.isEmpty ? .nan : answered.reduce(0, +)
            })
        }
        result.dialect = reader.dialect
        result.header = header
        result.headerRaw = headerRaw
        result.file = url
        result.replicateColumns = replicateColumns
        result.idColumn = idMatch?.header
        result.columnMatches = matches
        result.decimalComma = decimalComma
        if reader.dialect.encoding != .utf8 {
            result.findings.insert(Finding(
                line: headerInfo.line, column: "", value: reader.dialect.encoding.rawValue, rule: .encoding,
                message: "the file is not UTF-8: read as \(reader.dialect.encoding.rawValue), as spreadsheets save it"), at: 0)
        }
        return result
    }
}
