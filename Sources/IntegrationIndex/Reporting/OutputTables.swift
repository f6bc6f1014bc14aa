import Foundation

/// The tidy CSV files of a run: estimates, findings and quarantine (respondents.csv, made
/// from the scores alone, is `RespondentsTable`). They hide every suppressed value: a cell
/// flagged F shows its n and nothing of its value.
public struct OutputTables: Sendable {
    public let run: StudyRun

    public init(run: StudyRun) { self.run = run }

    var language: Language { run.study.language }

    /// One row per estimate: indicator, group, n, weighted N, estimate, SE, interval, CV, flag.
    public func estimatesCSV() -> CSVWriter {
        var writer = CSVWriter()
        writer.writeRow([
            "indicator", "statistic", "group_variable", "group_value", "group_label", "n", "weighted_n", "estimate", "se",
            "df", "ci_low", "ci_high", "cv", "flag", "p_value", "p_adjusted",
        ])
        // A group's test against its reference group, by indicator, group and value.
        var tests: [String: IndexComparison] = [:]
        for comparison in run.comparisons { tests["\(comparison.indicator)\u{0}\(comparison.groupKey)\u{0}\(comparison.groupValue)"] = comparison }
        for e in run.estimates {
            let hidden = e.isSuppressed
            let test = hidden ? nil : tests["\(e.indicator)\u{0}\(e.groupKey)\u{0}\(e.groupValue)"]
            writer.writeRow([
                e.indicator, e.statistic.rawValue, e.groupKey, e.groupValue, e.groupLabel[language], String(e.n),
                e.weightedN.csvText,
                hidden ? "" : e.estimate.csvText, hidden ? "" : e.standardError.csvText, String(e.degreesOfFreedom),
                hidden ? "" : e.ciLow?.csvText ?? "", hidden ? "" : e.ciHigh?.csvText ?? "",
                hidden ? "" : e.coefficientOfVariation?.csvText ?? "", e.flag.rawValue,
                test?.pValue?.csvText ?? "", test?.adjustedPValue?.csvText ?? "",
            ])
        }
        return writer
    }

    public func findingsCSV() -> CSVWriter {
        var writer = CSVWriter()
        writer.writeRow(["line", "column", "value", "rule", "message"])
        for finding in run.findings {
            writer.writeRow([String(finding.line), finding.column, finding.value, finding.rule.rawValue, finding.message])
        }
        return writer
    }

    /// The rejected rows exactly as they stood, after their line number and reason, under
    /// the file's own header, in the file's own separator: the file reopens as the original.
    public func quarantineFile() -> [UInt8] {
        let separator = run.ingest.dialect.separator
        var bytes: [UInt8] = Array("_line".utf8) + [separator] + Array("_reason".utf8) + [separator] + run.ingest.headerRaw + [0x0A]
        for row in run.ingest.quarantine {
            bytes += Array(String(row.line).utf8) + [separator]
            bytes += Array(("\"" + row.reason.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8) + [separator]
            bytes += row.raw + [0x0A]
        }
        return bytes
    }
}
