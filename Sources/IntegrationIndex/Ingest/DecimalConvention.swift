import Foundation

/// Whether a file writes numbers with a decimal comma (`1.234,5`, as spreadsheets in Spanish
/// or Portuguese locales do) or a decimal point (`1,234.5`), told from the number columns of
/// its first rows.
enum DecimalConvention {
    static func detect(url: URL, columns: Set<Int>, rows: Int = 2000) throws -> Bool {
        guard !columns.isEmpty else { return false }
        let reader = try CSVReader(url: url)
        _ = try? reader.next()
        var tally = Tally()
        var seen = 0
        while seen < rows, let _ = try? reader.next() {
            seen += 1
            reader.fields.withUnsafeBufferPointer { fields in
                reader.withBytes { tally.count(fields, in: $0, columns: columns, encoding: reader.dialect.encoding) }
            }
        }
        return tally.saysComma
    }

    /// `detect(url:…)` from a reader past the header, before it reads on: the first rows are
    /// looked at in its buffer (`CSVReader.peek`), where opening the file again, reading a
    /// chunk of it and parsing 2,000 rows took 2–3 ms before ingest could start. When the
    /// buffer holds fewer rows (rows of kilobytes each), they are read as `detect(url:…)`
    /// reads them.
    static func detect(reader: CSVReader, columns: Set<Int>, rows: Int = 2000) throws -> Bool {
        guard !columns.isEmpty else { return false }
        var tally = Tally()
        let encoding = reader.dialect.encoding
        let whole = reader.peek(records: rows) { fields, bytes in tally.count(fields, in: bytes, columns: columns, encoding: encoding) }
        return whole ? tally.saysComma : try detect(url: reader.url, columns: columns, rows: rows)
    }

    /// The number cells of each convention in the rows counted so far.
    private struct Tally {
        var comma = 0
        var point = 0

        var saysComma: Bool { comma > 0 && comma >= point }

        /// Counts the cells of `columns` in one record's `fields`, byte ranges of `bytes`.
        mutating func count(_ fields: UnsafeBufferPointer<CSVReader.Field>, in bytes: UnsafeBufferPointer<UInt8>, columns: Set<Int>, encoding: TextEncoding) {
            for index in columns where index < fields.count {
                let field = fields[index]
                // Nearly every cell is plain ASCII: told from its bytes, with no String made
                // (classifying 2,000 rows' Strings took 30 ms before every run's ingest).
                let style = field.hasEscapedQuotes ? nil : classify(ascii: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
                switch style ?? classify(encoding.decode(CSVReader.bytes(of: field, in: bytes))) {
                case .comma: comma += 1
                case .point: point += 1
                case .neither: break
                }
            }
        }
    }

    enum Style { case comma, point, neither }

    /// `12,5` and `1.234,5` are comma style; `12.5` and `1,234.5` point style; `1.234` or
    /// `1,234` alone say nothing.
    static func classify(_ text: String) -> Style {
        let cell = text.trimmingCharacters(in: .whitespaces)
        let hasComma = cell.contains(",")
        let hasPoint = cell.contains(".")
        if hasComma && hasPoint { return cell.lastIndex(of: ",")! > cell.lastIndex(of: ".")! ? .comma : .point }
        let separator: Character = hasComma ? "," : "."
        guard hasComma || hasPoint, cell.filter({ $0 == separator }).count == 1 else { return .neither }
        let digitsAfter = cell.split(separator: separator, omittingEmptySubsequences: false).last!.count
        if digitsAfter == 3 { return .neither }
        return hasComma ? .comma : .point
    }

    /// `classify` of a cell of printable ASCII and tabs, from its bytes (a byte is then a
    /// character, and a space or a tab all `trimmingCharacters(in: .whitespaces)` cuts);
    /// `nil` for any other cell, which `classify` must then read as text.
    static func classify(ascii cell: UnsafeBufferPointer<UInt8>) -> Style? {
        let comma = UInt8(ascii: ","), point = UInt8(ascii: ".")
        var lower = 0
        var upper = cell.count
        while lower < upper, cell[lower] == 0x20 || cell[lower] == 0x09 { lower += 1 }
        while upper > lower, cell[upper - 1] == 0x20 || cell[upper - 1] == 0x09 { upper -= 1 }
        var commas = 0, points = 0
        var lastComma = -1, lastPoint = -1
        for i in lower..<upper {
            let byte = cell[i]
            guard (0x20...0x7E).contains(byte) || byte == 0x09 else { return nil }
            if byte == comma { commas += 1; lastComma = i } else if byte == point { points += 1; lastPoint = i }
        }
        // Bytes outside the trimmed cell are spaces and tabs: nothing to check there.
        if commas > 0 && points > 0 { return lastComma > lastPoint ? .comma : .point }
        guard commas + points == 1 else { return .neither }
        let digitsAfter = upper - 1 - max(lastComma, lastPoint)
        if digitsAfter == 3 { return .neither }
        return commas > 0 ? .comma : .point
    }
}
