import Foundation

/// change.xlsx of `integra compare`: every change of the comparison as numbers a policy team
/// can filter and chart. A sheet for the whole population (every indicator, the counting
/// view's included), one per group variable (every indicator by group), and one saying how
/// the changes were made. Hidden changes show "F" and no value, as in change.csv.
public struct ChangeWorkbook: Sendable {
    public let report: ChangeReport
    public let language: Language

    public init(report: ChangeReport, language: Language) {
        self.report = report
        self.language = language
    }

    public func parts() -> [ZipPackage.Part] { Workbook.package(sheets()) }

    typealias Cell = Workbook.Cell

    private func t(_ text: LocalizedText) -> String { text[language] }

    private var changeHeader: [Cell] {
        [
            .header(t(ReportText.before)), .header(t(ReportText.after)), .header(t(ReportText.change)), .header(t(ReportText.relativeChange) + " (%)"),
            .header(t(ReportText.standardError)), .header("df"), .header(t(ReportText.intervalLow)), .header(t(ReportText.intervalHigh)),
            .header("p"), .header(t(ReportText.adjustedP)), .header("*"), .header("n " + t(ReportText.before).lowercased()),
            .header("n " + t(ReportText.after).lowercased()), .header(t(ReportText.flag)),
        ]
    }
    private static let changeWidths: [Double] = [10, 10, 10, 16, 14, 7, 16, 16, 9, 11, 4, 11, 11, 9]

    private func changeCells(_ c: WaveChange) -> [Cell] {
        func value(_ x: Double?, _ style: Cell.Style) -> Cell { x.map { .number($0, style) } ?? .empty }
        return [
            value(c.before, .oneDecimal), value(c.after, .oneDecimal), value(c.change, .oneDecimal), value(c.relativeChange.map { $0 * 100 }, .oneDecimal),
            value(c.standardError, .threeDecimals), .number(Double(c.degreesOfFreedom), .integer), value(c.ciLow, .oneDecimal), value(c.ciHigh, .oneDecimal),
            value(c.pValue, .threeDecimals), value(c.adjustedPValue, .threeDecimals), .text(c.isSignificant ? "*" : ""),
            .number(Double(c.nBefore), .integer), .number(Double(c.nAfter), .integer), .text(c.flag.rawValue),
        ]
    }

    func sheets() -> [Workbook.Sheet] {
        var taken = Set<String>()
        var sheets: [Workbook.Sheet] = []
        var population = [[Cell.header(t(ReportText.indicator))] + changeHeader]
        for c in report.changes where c.groupKey.isEmpty {
            population.append([.text(report.indicatorName(c.indicator, language: language))] + changeCells(c))
        }
        sheets.append(Workbook.Sheet(
            name: Workbook.sheetName(t(ReportText.change), taken: &taken), widths: [52] + Self.changeWidths, rows: population))

        for group in report.groups where !group.values.isEmpty {
            var rows = [[Cell.header(group.labels[language]), .header(t(ReportText.indicator))] + changeHeader]
            for (value, label) in group.values {
                for c in report.changes where c.groupKey == group.key && c.groupValue == value {
                    rows.append([.text(label[language]), .text(report.indicatorName(c.indicator, language: language))] + changeCells(c))
                }
            }
            sheets.append(Workbook.Sheet(
                name: Workbook.sheetName(group.labels[language], taken: &taken), widths: [30, 52] + Self.changeWidths, rows: rows))
        }

        let method: [[Cell]] = [
            [.header(t(ReportText.method))],
            [.text("\(report.before[language]) → \(report.after[language])")],
            [.text(t(ReportText.samples(report.samples)))],
            [.text(t(ReportText.changeScale))],
            [.text(t(ReportText.significantChange(report.study.multipleComparisons)))],
            [.text("E: " + t(ReportText.cautionChange))],
            [.text("F: " + t(ReportText.suppressedChange))],
        ]
        sheets.append(Workbook.Sheet(name: Workbook.sheetName(t(ReportText.method), taken: &taken), widths: [120], rows: method))
        return sheets
    }
}
