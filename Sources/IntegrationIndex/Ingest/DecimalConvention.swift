import Foundation

/// Whether a file writes numbers with a decimal comma (`1.234,5`, as spreadsheets in Spanish
/// or Portuguese locales do) or a decimal point (`1,234.5`), told from the number columns of
/// its first rows.
enum DecimalConvention {
    static func detect(url: URL, columns: Set<Int>, rows: Int = 2000) throws -> Bool {
        guard !columns.isEmpty else { return false }
        let reader = try CSVReader(url: url)
        _ = try? reader.next()
        var comma = 0
        var point = 0
        var seen = 0
        while seen < rows, let _ = try? reader.next() {
            seen += 1
            for index in columns where index < reader.fields.count {
                switch classify(reader.string(of: reader.fields[index])) {
                case .comma: comma += 1
                case .point: point += 1
                case .neither: break
                }
            }
        }
        return comma > 0 && comma >= point
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
}
