import Foundation

/// What a survey file holds, as `integra inspect` shows it before any run: how it is written
/// (encoding, separator, quoting, line endings), its columns with their types and fill, the
/// likely id and weight columns, and, for a study, where each needed column would be found.
/// Users write or fix their study file from it.
public struct FileInspection: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var nonEmpty = 0
        public var numbers = 0
        public var integers = 0
        public var distinct: Set<String> = []
        /// More distinct values than `distinct` keeps.
        public var manyDistinct = false
        public var examples: [String] = []
        public var allPositive = true

        /// "number", "integer", "text" or "empty", by what most filled cells are.
        public var type: String {
            guard nonEmpty > 0 else { return "empty" }
            if numbers == nonEmpty { return integers == nonEmpty ? "integer" : "number" }
            return "text"
        }
    }

    public var file: URL
    public var dialect: CSVDialect
    public var decimalComma: Bool
    public var lineEnding: String
    public var header: [String]
    public var rows = 0
    public var raggedRows = 0
    public var quotedShare = 0.0
    public var columns: [Column]

    static let distinctLimit = 1000

    /// Reads the whole file once; only counts and a few examples are kept.
    /// Inspects a survey file of any format `SurveyFile` reads (a workbook's `sheet`, or its
    /// first); a non-CSV file is described as the CSV integra reads from it.
    public static func inspect(_ url: URL, sheet: String? = nil) throws -> FileInspection {
        try SurveyFile.withCSV(of: url, sheet: sheet) { try inspectCSV($0) }
    }

    private static func inspectCSV(_ url: URL) throws -> FileInspection {
        let reader = try CSVReader(url: url)
        guard let headerInfo = try reader.next() else {
            throw IngestError(file: url.path, kind: .noHeader, line: 1, message: "the file is empty: no header line")
        }
        let header = reader.fields.map { reader.string(of: $0).trimmingCharacters(in: .whitespaces) }
        let lineEnding = reader.withBytes { bytes -> String in
            let end = headerInfo.raw.upperBound
            return end < bytes.count && bytes[end] == UInt8(ascii: "\r") ? "CRLF" : "LF"
        }
        var columns = header.map { Column(name: $0) }
        let numberColumns = Set(header.indices)
        let decimalComma = try DecimalConvention.detect(reader: reader, columns: numberColumns)
        var inspection = FileInspection(
            file: url, dialect: reader.dialect, decimalComma: decimalComma, lineEnding: lineEnding, header: header, columns: columns)
        var quoted = 0
        var fields = 0
        // Cells are read as bytes, trimmed and parsed as ingest reads them; each column's
        // distinct values are interned by their bytes (a `String` per distinct value, not per
        // cell: a million rows take a second, not a minute).
        var interners = [ValueInterner](repeating: ValueInterner(), count: header.count)
        func inspect(_ cell: UnsafeBufferPointer<UInt8>, column index: Int, encoding: TextEncoding) {
            let text = RecordChecker.trimmed(cell)
            guard !text.isEmpty else { return }
            columns[index].nonEmpty += 1
            if let number = NumberParser.parse(text, decimalComma: decimalComma) {
                columns[index].numbers += 1
                if number == number.rounded() { columns[index].integers += 1 }
                if number <= 0 { columns[index].allPositive = false }
            }
            guard !columns[index].manyDistinct else { return }
            _ = interners[index].code(of: text, encoding: encoding)
            if interners[index].levels.count > distinctLimit { columns[index].manyDistinct = true }
        }
        while try reader.next() != nil {
            inspection.rows += 1
            if reader.fields.count != header.count { inspection.raggedRows += 1 }
            let encoding = reader.dialect.encoding
            reader.withBytes { bytes in
                for (index, field) in reader.fields.enumerated() where index < header.count {
                    fields += 1
                    if field.isQuoted { quoted += 1 }
                    if field.hasEscapedQuotes {
                        CSVReader.bytes(of: field, in: bytes).withUnsafeBufferPointer { inspect($0, column: index, encoding: encoding) }
                    } else {
                        inspect(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), column: index, encoding: encoding)
                    }
                }
            }
        }
        for index in columns.indices {
            let levels = interners[index].levels.prefix(distinctLimit)
            columns[index].distinct = Set(levels)
            columns[index].examples = Array(levels.prefix(4))
        }
        inspection.columns = columns
        inspection.dialect = reader.dialect
        inspection.quotedShare = fields > 0 ? Double(quoted) / Double(fields) : 0
        return inspection
    }

    /// Columns that could identify respondents, with how many values repeat: the platform's
    /// own (`_uuid`, `KEY`, …) when filled on every row, then filled columns with all values
    /// different, those named like an id first.
    public var likelyIDColumns: [(name: String, repeats: Int)] {
        let filled = columns.filter { $0.nonEmpty == rows && rows > 0 && !$0.manyDistinct }
        let platform = ColumnMatcher.defaultIDColumns.compactMap { name in filled.first { $0.name == name } }
        let unique = filled.filter { column in column.distinct.count == rows && !platform.contains { $0.name == column.name } }
        let named = unique.filter { $0.name.lowercased().range(of: "id|uuid|key|folio", options: .regularExpression) != nil }
        let others = unique.filter { column in !named.contains { $0.name == column.name } }
        return (platform + named + others).map { ($0.name, rows - $0.distinct.count) }
    }

    /// Positive number columns named like a weight.
    public var likelyWeightColumns: [String] {
        columns.filter {
            $0.type != "text" && $0.type != "empty" && $0.allPositive
                && $0.name.lowercased().range(of: "weight|peso|pond|factor|expan|^pw$|wgt", options: .regularExpression) != nil
        }.map(\.name)
    }
}
