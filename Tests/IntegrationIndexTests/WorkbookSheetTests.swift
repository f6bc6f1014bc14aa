import Foundation
import Testing

@testable import IntegrationIndex

/// A respondent sheet is written straight from the scores, in blocks on all cores: the same
/// XML as its rows written as cells, one after the other.
@Suite struct WorkbookSheetTests {
    /// With 3 score columns, and with 30 (letters past Z).
    @Test(arguments: [3, 30])
    func scoreRowsAreWrittenAsTheirCells(columnCount: Int) {
        // More rows than one block, ids that need escaping or could run as formulas, and
        // scores that are missing or repeat, with long texts (thirds) and very large ones.
        let rows = 9_001
        let ids = (0..<rows).map { $0 % 997 == 3 ? "=HYPERLINK(\"x\")&<\($0)>" : "R\($0)" }
        var generator = SeededGenerator(seed: 11)
        let columns = (0..<columnCount).map { c in
            (0..<rows).map { row -> Double in
                if (row + c) % 13 == 0 { return .nan }
                if (row + c) % 17 == 0 { return Double(row % 7) / 3 }
                if (row + c) % 101 == 0 { return -1e300 * Double(row) }
                return (generator.uniform() * 1000).rounded() / 1000
            }
        }
        let header: [Workbook.Cell] = [.header("id")] + (0..<columnCount).map { .header("s\($0)") }
        let scores = Workbook.ScoreRows(ids: ids, columns: columns)
        let widths: [Double] = [16] + Array(repeating: 14, count: columnCount)
        // The sheet is its blocks' bytes one after another.
        let direct = Array(Workbook.worksheet(Workbook.Sheet(name: "respondents", widths: widths, rows: [header], scores: scores)).joined())
        let asCells = Array(Workbook.worksheet(Workbook.Sheet(name: "respondents", widths: widths, rows: [header] + (0..<rows).map(scores.cells))).joined())
        // Compared apart from the expectation, which would print megabytes when they differ.
        let same = direct == asCells
        #expect(same, "the sheet written from the scores differs from its rows written as cells")
        let text = String(decoding: direct, as: UTF8.self)
        #expect(text.contains("<row r=\"9002\"><c r=\"A9002\" t=\"inlineStr\"><is><t xml:space=\"preserve\">R9000</t></is></c>"))
        #expect(!text.contains("<t xml:space=\"preserve\">=HYPERLINK"))
    }
}

extension Workbook.ScoreRows {
    /// Row `row` as the cells the respondent sheet was made of before: what it must write.
    fileprivate func cells(_ row: Int) -> [Workbook.Cell] { [.text(ids[row])] + columns.map { .number($0[row] * 100, .oneDecimal) } }
}
