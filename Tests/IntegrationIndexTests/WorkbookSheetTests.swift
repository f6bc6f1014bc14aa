import Foundation
import Testing

@testable import IntegrationIndex

/// A respondent sheet is written straight from the scores, in blocks on all cores: the same
/// XML as its rows written as cells, one after the other.
@Suite struct WorkbookSheetTests {
    @Test func scoreRowsAreWrittenAsTheirCells() {
        // More rows than one block, ids that need escaping or could run as formulas, and
        // scores that are missing or repeat.
        let rows = 9_001
        let ids = (0..<rows).map { $0 % 997 == 3 ? "=HYPERLINK(\"x\")&<\($0)>" : "R\($0)" }
        var generator = SeededGenerator(seed: 11)
        let columns = (0..<3).map { c in
            (0..<rows).map { row -> Double in
                if (row + c) % 13 == 0 { return .nan }
                return (generator.uniform() * 1000).rounded() / 1000
            }
        }
        let header: [Workbook.Cell] = [.header("id"), .header("a"), .header("b"), .header("overall")]
        let scores = Workbook.ScoreRows(ids: ids, columns: columns)
        let widths: [Double] = [16, 14, 14, 14]
        let direct = Workbook.worksheet(Workbook.Sheet(name: "respondents", widths: widths, rows: [header], scores: scores))
        let asCells = Workbook.worksheet(Workbook.Sheet(name: "respondents", widths: widths, rows: [header] + (0..<rows).map(scores.cells)))
        #expect(direct == asCells)
        let text = String(decoding: direct, as: UTF8.self)
        #expect(text.contains("<row r=\"9002\"><c r=\"A9002\" t=\"inlineStr\"><is><t xml:space=\"preserve\">R9000</t></is></c>"))
        #expect(!text.contains("<t xml:space=\"preserve\">=HYPERLINK"))
    }
}

extension Workbook.ScoreRows {
    /// Row `row` as the cells the respondent sheet was made of before: what it must write.
    fileprivate func cells(_ row: Int) -> [Workbook.Cell] { [.text(ids[row])] + columns.map { .number($0[row] * 100, .oneDecimal) } }
}
