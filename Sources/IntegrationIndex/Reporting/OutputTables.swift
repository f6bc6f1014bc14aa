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
        var header = CSVWriter()
        let scores = run.scores
        let lagging = run.lagging
        let k = run.study.counting?.k ?? 0
        let calibratedWeights = run.calibratedWeights
        header.writeRow(
            [run.ingest.idColumn ?? "id"] + scores.dimensionKeys + [IndexEstimate.overallKey]
                + (lagging == nil ? [] : ["lagging_share", "lagging", "lagging_dimensions"]) + (calibratedWeights == nil ? [] : ["calibrated_weight"]))
        try write(header.bytes)
        let columns = scores.dimensions + [scores.overall] + (lagging.map { [$0.shares] } ?? [])
        // A piece's scores are copied row by row into one array first (`PercentRows`).
        var piece = [Double](repeating: 0, count: rowsPerPiece * columns.count)
        // A profile's cell is made once: a million rows have at most 2^dimensions.
        var profileCells = [[UInt8]?](repeating: nil, count: lagging.map { $0.dimensionKeys.count <= 12 ? 1 << $0.dimensionKeys.count : 0 } ?? 0)
        // Room for the longest cells: a text field at most doubles (quotes) and gains
        // three bytes (the quotes around it and a neutralizing apostrophe).
        let profileRoom = lagging.map { 2 * $0.dimensionKeys.reduce(0) { $0 + $1.utf8.count + 1 } + 3 } ?? 0
        let numberRoom = DecimalTextCache.longestText + 1
        let fixedRoom = columns.count * numberRoom + (lagging == nil ? 0 : 3 + profileRoom) + (calibratedWeights == nil ? 0 : numberRoom) + 1
        // One cache of texts per column: the columns' values, taken in turn row by row,
        // pushed each other's out of a shared table (one number in twelve was formatted again).
        var numbers = [DecimalTextCache](repeating: DecimalTextCache(), count: columns.count)
        var weightTexts = DecimalTextCache()
        var cell = CSVWriter()
        // Read once, not through the optional for every row.
        let shares = lagging?.shares ?? []
        let masks = lagging?.lagging ?? []
        for first in stride(from: 0, to: scores.count, by: rowsPerPiece) {
            let rows = first..<min(first + rowsPerPiece, scores.count)
            PercentRows.fill(&piece, from: columns, rows: rows)
            let room = rows.reduce(0) { $0 + 2 * scores.ids[$1].utf8.count + 3 + fixedRoom }
            // The piece is written through a pointer into room reserved once: appending to an
            // array cost a capacity and uniqueness check per cell.
            let bytes = [UInt8](unsafeUninitializedCapacity: room) { buffer, initialized in
                let start = buffer.baseAddress!
                var at = start
                func copy(_ text: [UInt8]) {
                    text.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
                    at += text.count
                }
                piece.withUnsafeBufferPointer { piece in
                    numbers.withUnsafeMutableBufferPointer { numbers in
                        var index = 0
                        for row in rows {
                            var id = scores.ids[row]
                            let plain = id.withUTF8 { utf8 in
                                guard CSVWriter.isPlainField(utf8) else { return false }
                                at.update(from: utf8.baseAddress!, count: utf8.count)
                                at += utf8.count
                                return true
                            }
                            if !plain {
                                cell.removeAll()
                                cell.writeField(id)
                                copy(cell.bytes)
                            }
                            for column in 0..<numbers.count {
                                at.pointee = UInt8(ascii: ",")
                                at += 1 + numbers[column].write(piece[index], at: at + 1)
                                index += 1
                            }
                            if let lagging {
                                // The lagging flag and the profile; two empty cells without a profile.
                                let share = shares[row]
                                at[0] = UInt8(ascii: ",")
                                at += 1
                                if !share.isNaN {
                                    at[0] = share >= k - LaggingProfiles.tolerance ? UInt8(ascii: "1") : UInt8(ascii: "0")
                                    at += 1
                                }
                                at[0] = UInt8(ascii: ",")
                                at += 1
                                if !share.isNaN {
                                    let mask = Int(masks[row])
                                    if mask < profileCells.count, let text = profileCells[mask] {
                                        copy(text)
                                    } else {
                                        cell.removeAll()
                                        cell.writeField(lagging.profile(row)!)
                                        if mask < profileCells.count { profileCells[mask] = cell.bytes }
                                        copy(cell.bytes)
                                    }
                                }
                            }
                            if let calibratedWeights {
                                at.pointee = UInt8(ascii: ",")
                                at += 1 + weightTexts.write(calibratedWeights[row], at: at + 1)
                            }
                            at.pointee = UInt8(ascii: "\n")
                            at += 1
                        }
                    }
                }
                initialized = at - start
                precondition(initialized <= room, "respondents.csv outgrew the room reserved for its piece")
            }
            try write(bytes)
        }
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
