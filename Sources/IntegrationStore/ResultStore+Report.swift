import Foundation
import GRDB
import IntegrationIndex

extension ResultStore {
    /// The newest completed run, for `integra report` without `--run`.
    public func latestCompletedRun() throws -> Int64? {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE status = 'completed' ORDER BY id DESC LIMIT 1")
        }
    }

    /// Everything the reports of a stored run need, read back from the store alone: the
    /// survey file is not read again. Suppressed values were never stored, so they stay hidden.
    public func reportData(runID: Int64, language: Language?) throws -> ReportData {
        try database.read { db in
            guard let run = try RunRecord.fetchOne(db, key: runID) else { throw StoreError("no run \(runID) in this store") }
            guard run.status == .completed else { throw StoreError("run \(runID) did not complete: \(run.message ?? "")") }
            let study = try Study.parse(Data(run.studyJSON.utf8), url: URL(fileURLWithPath: run.studyPath), readsMarginFiles: false)
            let instrument = try Instrument.parse(Data(run.instrumentJSON.utf8), source: "\(run.studyPath) (instrument of run \(runID))")

            let estimates = try Self.indexEstimates(runID: runID, db: db)
            let comparisons = try Row.fetchAll(db, sql: "SELECT * FROM comparison WHERE runId = ? ORDER BY rowid", arguments: [runID]).map { row in
                IndexComparison(
                    indicator: row["indicator"], groupKey: row["groupVariable"], groupValue: row["groupValue"], referenceValue: row["referenceValue"],
                    difference: row["difference"] ?? .nan, standardError: row["se"] ?? .nan, degreesOfFreedom: row["df"],
                    isSignificant: row["significant"], pValue: row["pValue"], adjustedPValue: row["adjustedPValue"])
            }
            // Groups in the study's order, their values in the stored order of the estimates.
            let groups = study.groups.map { variable -> ReportData.Group in
                var values: [String] = []
                var labels: [LocalizedText] = []
                for estimate in estimates where estimate.groupKey == variable.key && !values.contains(estimate.groupValue) {
                    values.append(estimate.groupValue)
                    labels.append(estimate.groupLabel)
                }
                let reference = comparisons.first { $0.groupKey == variable.key }?.referenceValue
                return ReportData.Group(key: variable.key, labels: variable.labels, values: values, valueLabels: labels, reference: reference)
            }
            let kinds = try String.fetchAll(db, sql: "SELECT kind FROM quarantinedRow WHERE runId = ?", arguments: [runID]).compactMap(QuarantinedRow.Kind.init)
            let itemResponse = try Row.fetchAll(db, sql: "SELECT * FROM itemResponse WHERE runId = ? ORDER BY rowid", arguments: [runID]).map { row in
                RespondentScores.ItemResponse(
                    column: row["column"], asked: row["asked"], missing: row["missing"], nonAnswers: row["nonAnswers"], meanScore: row["meanScore"])
            }
            let itemResponseByGroup = try Row.fetchAll(db, sql: "SELECT * FROM itemGroupResponse WHERE runId = ? ORDER BY rowid", arguments: [runID]).map { row in
                RespondentScores.ItemGroupResponse(
                    column: row["column"], groupKey: row["groupVariable"], groupValue: row["groupValue"], asked: row["asked"], missing: row["missing"],
                    nonAnswers: row["nonAnswers"])
            }
            let findings = try Row.fetchAll(db, sql: "SELECT \"column\", rule FROM finding WHERE runId = ?", arguments: [runID]).compactMap { row -> (String, Finding.Rule)? in
                Finding.Rule(rawValue: row["rule"]).map { (row["column"], $0) }
            }
            let reliability = try Row.fetchAll(db, sql: "SELECT * FROM reliability WHERE runId = ? ORDER BY rowid", arguments: [runID]).map { row in
                DimensionReliability(dimension: row["dimension"], items: row["items"], alpha: row["alpha"], n: row["n"])
            }
            let correlations = try Row.fetchAll(db, sql: "SELECT * FROM dimensionCorrelation WHERE runId = ? ORDER BY rowid", arguments: [runID]).map { row in
                DimensionCorrelation(first: row["first"], second: row["second"], correlation: row["correlation"], n: row["n"])
            }
            let date = ISO8601DateFormatter().date(from: run.startedAt) ?? Date(timeIntervalSince1970: 0)
            let ranks = try Row.fetchAll(db, sql: "SELECT * FROM groupRank WHERE runId = ? ORDER BY rowid", arguments: [runID]).map { row in
                GroupRank(
                    indicator: row["indicator"], groupKey: row["groupVariable"], groupValue: row["groupValue"], rank: row["rank"], medianRank: row["medianRank"], low: row["low"],
                    high: row["high"], ranked: row["ranked"])
            }
            let calibration = try Self.calibrationSummary(runID: runID, db: db)
            var report = ReportData(
                study: study, instrument: instrument, language: language ?? study.language, date: date, estimates: estimates,
                comparisons: comparisons, groups: groups,
                quality: ReportData.Quality(
                    rowsRead: run.rowsRead, rowsAccepted: run.rowsAccepted, rowsQuarantined: run.rowsQuarantined,
                    quarantineKinds: ReportData.count(kinds), itemResponse: itemResponse,
                    findings: ReportData.summarize(findings.map { (column: $0.0, rule: $0.1) }), reliability: reliability, correlations: correlations,
                    itemResponseByGroup: itemResponseByGroup, calibration: calibration),
                respondents: try respondentScores(runID: runID, run: run, instrument: instrument, db: db))
            report.ranks = ranks
            return report
        }
    }

    /// A run's calibration summary, `nil` when its weights were not calibrated.
    static func calibrationSummary(runID: Int64, db: Database) throws -> CalibrationSummary? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM calibration WHERE runId = ?", arguments: [runID]),
            let method = CalibrationMethod(rawValue: row["method"])
        else { return nil }
        var margins: [CalibrationSummary.Margin] = []
        for cell in try Row.fetchAll(db, sql: "SELECT * FROM calibrationCell WHERE runId = ? ORDER BY margin, rowid", arguments: [runID]) {
            let index: Int = cell["margin"]
            if index >= margins.count {
                let variables: String = cell["variables"]
                margins.append(CalibrationSummary.Margin(variables: variables.components(separatedBy: "|"), source: cell["source"], cells: []))
            }
            let values: String = cell["cell"]
            margins[index].cells.append(CalibrationSummary.Cell(
                values: values.components(separatedBy: "|"), population: cell["population"], respondents: cell["respondents"], before: cell["before"],
                after: cell["after"]))
        }
        return CalibrationSummary(
            method: method, margins: margins, iterations: row["iterations"], gRange: row["gMin"]...row["gMax"], trimmedCells: row["trimmedCells"],
            effectiveNBefore: row["effectiveNBefore"], effectiveNAfter: row["effectiveNAfter"], weightingEffectBefore: row["weightingEffectBefore"],
            weightingEffectAfter: row["weightingEffectAfter"], replicatesCalibrated: row["replicates"])
    }

    /// A run's published estimates in their stored order; suppressed ones without values.
    public func indexEstimates(runID: Int64) throws -> [IndexEstimate] {
        try database.read { db in try Self.indexEstimates(runID: runID, db: db) }
    }

    private static func indexEstimates(runID: Int64, db: Database) throws -> [IndexEstimate] {
        try EstimateRecord.filter(Column("runId") == runID).order(Column("id")).fetchAll(db).map { record in
            IndexEstimate(
                indicator: record.indicator, statistic: Statistic(rawValue: record.statistic) ?? .mean, groupKey: record.groupVariable,
                groupValue: record.groupValue, groupLabel: LocalizedText(es: record.groupLabelEs, en: record.groupLabelEn), n: record.n,
                weightedN: record.weightedN, estimate: record.estimate ?? .nan, standardError: record.se ?? .nan,
                degreesOfFreedom: record.df, ciLow: record.ciLow, ciHigh: record.ciHigh, coefficientOfVariation: record.cv,
                flag: QualityFlag(rawValue: record.flag) ?? .suppress)
        }
    }

    /// One stored run, or `nil` when the store has no such run.
    public func run(_ runID: Int64) throws -> RunRecord? {
        try database.read { db in try RunRecord.fetchOne(db, key: runID) }
    }

    /// The stored respondent scores (0–1) when the workbook can hold them.
    private func respondentScores(runID: Int64, run: RunRecord, instrument: Instrument, db: Database) throws -> RespondentScores? {
        guard run.rowsAccepted <= Workbook.respondentRowLimit else { return nil }
        let rows = try Row.fetchAll(db, sql: "SELECT name, data FROM respondentColumn WHERE runId = ? ORDER BY position", arguments: [runID])
        var columns: [String: [Any]] = [:]
        for row in rows {
            let text: String = row["data"]
            columns[row["name"]] = (try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] ?? []
        }
        func numbers(_ name: String) -> [Double] { (columns[name] ?? []).map { (($0 as? NSNumber)?.doubleValue ?? .nan) / 100 } }
        let keys = instrument.dimensions.map(\.key)
        return RespondentScores(
            ids: (columns["id"] ?? []).map { "\($0)" }, dimensionKeys: keys, dimensions: keys.map(numbers), overall: numbers(IndexEstimate.overallKey),
            indicators: [], itemResponse: [], findings: [])
    }
}

/// A store that cannot give what was asked of it.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
