import Foundation

/// The tidy CSV files of a run: estimates, respondent scores, findings and quarantine. They
/// hide every suppressed value: a cell flagged F shows its n and nothing of its value.
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

    /// One row per accepted respondent: id, each dimension and the overall index on 0–100,
    /// the counting view's profile, and the calibrated weight when the study calibrates.
    /// Written as bytes directly: a million rows are the largest output of a run.
    /// respondents.csv, handed to `write` in pieces of `rowsPerPiece` rows: a million
    /// respondents are 90 MB of text that need not all be in memory at once.
    public func respondentsCSV(rowsPerPiece: Int = 1 << 15, write: ([UInt8]) throws -> Void) rethrows {
        var writer = CSVWriter()
        let scores = run.scores
        let lagging = run.lagging
        let k = run.study.counting?.k ?? 0
        let calibratedWeights = run.calibratedWeights
        writer.writeRow(
            [run.ingest.idColumn ?? "id"] + scores.dimensionKeys + [IndexEstimate.overallKey]
                + (lagging == nil ? [] : ["lagging_share", "lagging", "lagging_dimensions"]) + (calibratedWeights == nil ? [] : ["calibrated_weight"]))
        let columns = scores.dimensions + [scores.overall] + (lagging.map { [$0.shares] } ?? [])
        writer.reserve(min(rowsPerPiece, scores.count) * 10 * (columns.count + 1))
        // A piece's scores are copied row by row into one array first: reading them column
        // by column for each row retained every column's array once per row.
        var piece = [Double](repeating: 0, count: rowsPerPiece * columns.count)
        var profileCells = [[UInt8]?](repeating: nil, count: lagging.map { $0.dimensionKeys.count <= 12 ? 1 << $0.dimensionKeys.count : 0 } ?? 0)
        var numbers = DecimalTextCache()
        for first in stride(from: 0, to: scores.count, by: rowsPerPiece) {
            let rows = first..<min(first + rowsPerPiece, scores.count)
            for (c, column) in columns.enumerated() {
                for row in rows { piece[(row - first) * columns.count + c] = column[row] * 100 }
            }
            var cell = 0
            for row in rows {
                writer.writeField(scores.ids[row])
                for _ in columns {
                    writer.writeSeparator()
                    writer.writeNumber(piece[cell], cache: &numbers)
                    cell += 1
                }
                if let lagging, let profile = lagging.profile(row) {
                    writer.writeSeparator()
                    writer.writeNumber(lagging.shares[row] >= k - LaggingProfiles.tolerance ? 1 : 0)
                    writer.writeSeparator()
                    // A profile's cell is made once: a million rows have at most 2^dimensions.
                    let mask = Int(lagging.lagging[row])
                    if mask < profileCells.count, let cell = profileCells[mask] {
                        writer.writeEncoded(cell)
                    } else {
                        var cell = CSVWriter()
                        cell.writeField(profile)
                        if mask < profileCells.count { profileCells[mask] = cell.bytes }
                        writer.writeEncoded(cell.bytes)
                    }
                } else if lagging != nil {
                    writer.writeSeparator()
                    writer.writeSeparator()
                }
                if let calibratedWeights {
                    writer.writeSeparator()
                    writer.writeNumber(calibratedWeights[row])
                }
                writer.endRow()
            }
            try write(writer.bytes)
            writer.removeAll()
        }
        if scores.count == 0 { try write(writer.bytes) }
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
