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
        /// Strata and cluster ids: a blank cell makes the row unusable.
        case designID
        case categorical
        case numeric
    }

    public struct ColumnRequest: Sendable {
        public var name: String
        public var roles: [Role]

        public init(name: String, roles: [Role]) {
            self.name = name
            self.roles = roles
        }
    }

    /// The respondent id column; `nil` to name rows by their line number instead.
    public var idColumn: String?
    public var columns: [ColumnRequest]
    /// Replicate weight columns, found in the header by their prefix.
    public var replicates: ReplicateSpecification?

    public init(idColumn: String?, columns: [ColumnRequest], replicates: ReplicateSpecification? = nil) {
        self.idColumn = idColumn
        self.columns = Self.merged(columns)
        self.replicates = replicates
    }

    /// One request per column, with the roles of all requests for it.
    private static func merged(_ requests: [ColumnRequest]) -> [ColumnRequest] {
        var result: [ColumnRequest] = []
        for request in requests {
            if let index = result.firstIndex(where: { $0.name == request.name }) {
                for role in request.roles where !result[index].roles.contains(role) { result[index].roles.append(role) }
            } else {
                result.append(request)
            }
        }
        return result
    }

    public func read(_ url: URL) throws -> IngestResult {
        let reader = try CSVReader(url: url)
        guard let headerInfo = try reader.next() else {
            throw IngestError(file: url.path, kind: .noHeader, line: 1, message: "the file is empty: no header line")
        }
        let header = reader.fields.map { reader.string(of: $0).trimmingCharacters(in: .whitespaces) }
        let headerRaw = reader.withBytes { Array($0[headerInfo.raw]) }
        var indexOf: [String: Int] = [:]
        var duplicated: Set<String> = []
        for (index, name) in header.enumerated() where !name.isEmpty {
            if indexOf[name] != nil { duplicated.insert(name) } else { indexOf[name] = index }
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
        let wanted = (idColumn.map { [$0] } ?? []) + columns.map(\.name)
        let missing = wanted.filter { indexOf[$0] == nil }
        if let first = missing.first {
            let subject = missing.count > 1
                ? "columns \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) are needed but are"
                : "this column is needed but is"
            let shown = header.prefix(12).joined(separator: ", ") + (header.count > 12 ? ", …" : "")
            throw IngestError(
                file: url.path, kind: .missingColumn, line: headerInfo.line, column: first,
                message: "\(subject) not in the header (\(header.count) columns: \(shown))")
        }
        if let ambiguous = wanted.first(where: duplicated.contains) {
            throw IngestError(file: url.path, kind: .ambiguousColumn, line: headerInfo.line, column: ambiguous, message: "the header names this column more than once")
        }

        var accumulator = RowAccumulator(
            idIndex: idColumn.map { indexOf[$0]! }, fieldCount: header.count,
            columns: columns.map { (name: $0.name, index: indexOf[$0.name]!, roles: $0.roles) })
        do {
            if let first = try reader.next() {
                // Estimate the rows from the file size and the first row, with some slack.
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                accumulator.reserve(rows: min(size / max(first.raw.count + 1, 1) * 11 / 10 + 16, 50_000_000))
                accumulator.add(record: first, reader: reader)
            }
            while let info = try reader.next() {
                accumulator.add(record: info, reader: reader)
            }
        } catch var error as IngestError {
            if let field = error.field, field < header.count { error.column = header[field] }
            throw error
        }
        var result = accumulator.finish()
        result.dialect = reader.dialect
        result.header = header
        result.headerRaw = headerRaw
        result.file = url
        result.replicateColumns = replicateColumns
        return result
    }
}
