import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra inspect FILE`: what the reader sees in a file, and with `--study` how the study's
/// columns would be found in it, before any run.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show how a survey file is written, its columns, and how a study's columns match it.",
        discussion: "Prints encoding, separator, quoting, header, row count, each column's type and fill, likely id and weight columns; with --study, where each needed column is found and which answers are unknown.")

    @Argument(help: "The survey file: CSV, .xlsx, SPSS .sav or Stata .dta.") var file: String
    @Option(help: "A study whose columns to look for in the file.") var study: String?
    @Option(help: "The sheet of an .xlsx file (default: the first).") var sheet: String?

    func run() throws {
        try reportingErrors {
            let inspection = try FileInspection.inspect(URL(fileURLWithPath: file), sheet: sheet)
            var lines: [String] = []
            let dialect = inspection.dialect
            lines.append("File         \(file)")
            switch SurveyFile.Format(of: URL(fileURLWithPath: file)) {
            case .csv:
                lines.append("Encoding     \(dialect.encoding.rawValue)\(dialect.hasByteOrderMark ? " with BOM" : "")\(dialect.encoding == .utf8 ? "" : " (not UTF-8: integra decodes it and records a finding)")")
                lines.append("Separator    \(dialect.separatorName == "tab" ? "tab" : "\"\(dialect.separatorName)\"")\(dialect.hasSeparatorLine ? " (from a sep= first line)" : "")   quoted fields: \(Int((inspection.quotedShare * 100).rounded()))%   line endings: \(inspection.lineEnding)")
                lines.append("Numbers      \(inspection.decimalComma ? "decimal comma (1.234,5)" : "decimal point (1,234.5)")")
            case .xlsx:
                let shown = try sheet ?? XLSXWorkbook(url: URL(fileURLWithPath: file)).sheetNames.first ?? ""
                lines.append("Format       Excel workbook, sheet \"\(shown)\" (rows are numbered as in the sheet)")
            case .spss: lines.append("Format       SPSS .sav (values as codes; rows are numbered from 2, the header being 1)")
            case .stata: lines.append("Format       Stata .dta (values as codes; rows are numbered from 2, the header being 1)")
            }
            lines.append("Header       \(inspection.header.count) columns")
            lines.append("Rows         \(inspection.rows)\(inspection.raggedRows > 0 ? " (\(inspection.raggedRows) with another number of fields: they would be quarantined)" : "")")
            let ids = inspection.likelyIDColumns.prefix(3).map { name, repeats in
                repeats == 0 ? name : "\(name) (\(repeats) repeated: re-submissions, quarantined as duplicates)"
            }
            lines.append("Likely id    \(ids.joined(separator: ", ").ifEmpty("none: every row needs a unique value"))")
            lines.append("Likely weight \(inspection.likelyWeightColumns.joined(separator: ", ").ifEmpty("none found by name"))")
            lines.append("")
            lines.append(row(["#", "column", "type", "filled", "distinct", "examples"], widths: [4, 44, 8, 7, 9]))
            for (index, column) in inspection.columns.enumerated() {
                let filled = inspection.rows > 0 ? String(format: "%.0f%%", 100 * Double(column.nonEmpty) / Double(inspection.rows)) : "-"
                let distinct = column.manyDistinct ? ">1000" : String(column.distinct.count)
                let examples = column.examples.map { $0.count > 24 ? String($0.prefix(23)) + "…" : $0 }.joined(separator: " | ")
                lines.append(row([String(index + 1), column.name, column.type, filled, distinct, examples], widths: [4, 44, 8, 7, 9]))
            }
            if let study { lines += try studyMatches(study, inspection: inspection) }
            print(lines.joined(separator: "\n"))
        }
    }

    private func studyMatches(_ path: String, inspection: FileInspection) throws -> [String] {
        let study = try Study.load(from: URL(fileURLWithPath: path))
        let instrument = try study.loadInstrument().instrument
        let matcher = ColumnMatcher(header: inspection.header, mapping: study.columnMapping)
        var lines = ["", "Study \(path): instrument \(instrument.name) \(instrument.version)", ""]
        lines.append(row(["needed", "found in the file as", "by"], widths: [24, 64]))
        if let id = study.idColumn {
            lines.append(row(["id: " + id, describe(matcher.match(id)), rule(matcher.match(id))], widths: [24, 64]))
        } else {
            let found = ColumnMatcher.defaultIDColumns.first { inspection.header.contains($0) }
            lines.append(row(["id (platform's)", found ?? "MISSING: none of \(ColumnMatcher.defaultIDColumns.joined(separator: ", "))", found == nil ? "" : "default"], widths: [24, 64]))
        }
        var missing: [String] = []
        for request in SurveyReader(study: study, instrument: instrument).plan() {
            let result = matcher.match(request.name, labels: request.labels)
            if case .failure = result { missing.append(request.name) }
            var line = row([request.name, describe(result), rule(result)], widths: [24, 64])
            if case .success(let match) = result, let item = instrument.item(column: request.name), !item.isNumeric {
                let values = inspection.columns[match.index].distinct
                let unknown = values.filter { item.code(forValue: $0) == nil }.sorted()
                if !unknown.isEmpty { line += "   unknown answers: " + unknown.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") }
            }
            lines.append(line)
        }
        lines.append("")
        lines.append(missing.isEmpty ? "Every column the study needs is in the file." : "Missing: \(missing.joined(separator: ", ")). Name them in the study's \"columns\": {\"\(missing[0])\": \"<header in the file>\"}.")
        return lines
    }

    private func describe(_ result: Result<ColumnMatcher.Match, ColumnMatcher.MatchFailure>) -> String {
        switch result {
        case .success(let match): match.header
        case .failure(.missing): "MISSING"
        case .failure(.mappedColumnMissing(let name)): "MISSING: mapped to \"\(name)\", not in the header"
        case .failure(.ambiguous(let names)): "AMBIGUOUS: " + names.joined(separator: " | ")
        }
    }

    private func rule(_ result: Result<ColumnMatcher.Match, ColumnMatcher.MatchFailure>) -> String {
        if case .success(let match) = result { return match.rule.rawValue }
        return ""
    }

    private func row(_ cells: [String], widths: [Int]) -> String {
        cells.enumerated().map { index, cell in
            index < widths.count ? cell.padding(toLength: max(widths[index], cell.count + 1), withPad: " ", startingAt: 0) : cell
        }.joined()
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
