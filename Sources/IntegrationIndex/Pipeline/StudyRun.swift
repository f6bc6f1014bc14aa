import Foundation

/// One run of a study: ingest → scoring (`ScoredRun`) → estimation, the whole pipeline in
/// order. Writing files and the store is left to the caller (the command line), so the
/// library stays free of terminals and databases.
public struct StudyRun: Sendable {
    public var study: Study
    public var instrument: Instrument
    public var ingest: IngestResult
    public var scores: RespondentScores
    public var groups: [GroupPartition]
    public var estimates: [IndexEstimate]
    /// Each group against its group variable's reference group, for every indicator.
    public var comparisons: [IndexComparison]
    /// Who lags in which dimension (the counting view); `nil` when the study turns it off.
    /// Its estimates are among `estimates` (`CountingEstimates`).
    public var lagging: LaggingProfiles?
    /// How firm each group's place on the overall index is (empty when the study turns it off
    /// or the design has no PSUs).
    public var ranks: [GroupRank] = []
    /// What calibration did, and each respondent's calibrated weight; `nil` without calibration.
    public var calibration: CalibrationSummary?
    public var calibratedWeights: [Double]?
    /// Findings of every stage, in file order.
    public var findings: [Finding]
    /// Seconds spent in each stage, for `--timings` and the benchmarks.
    public var timings: [(stage: String, seconds: Double)] = []

    /// Runs the pipeline. Throws for a file that cannot be read or a design that cannot be
    /// estimated; bad rows and values end up in the quarantine and the findings instead.
    public static func execute(study: Study, instrument: Instrument) throws -> StudyRun {
        try ScoredRun.score(study: study, instrument: instrument).estimated()
    }

    /// The pipeline after ingest, for a caller that has read the file already (`integra check`).
    public static func execute(study: Study, instrument: Instrument, ingest: IngestResult) throws -> StudyRun {
        try ScoredRun(study: study, instrument: instrument, ingest: ingest, clock: StageClock()).estimated()
    }

    /// The study's design over the accepted rows, its weights calibrated when the study asks.
    static func design(study: Study, ingest: IngestResult, groups: [GroupPartition]) throws -> (design: SurveyDesign, calibration: CalibrationSummary?) {
        try calibrated(uncalibratedDesign(study: study, ingest: ingest), study: study, ingest: ingest, groups: groups)
    }

    /// The design as the data gives it: weights, strata, PSUs, fpc or replicates.
    static func uncalibratedDesign(study: Study, ingest: IngestResult) throws -> SurveyDesign {
        try SurveyDesign(table: ingest.table, specification: study.design, replicateColumns: ingest.replicateColumns)
    }

    /// `design` with its weights calibrated when the study asks.
    static func calibrated(
        _ design: SurveyDesign, study: Study, ingest: IngestResult, groups: [GroupPartition]
    ) throws -> (design: SurveyDesign, calibration: CalibrationSummary?) {
        guard let settings = study.calibration else { return (design, nil) }
        // Margins name groups: each group's values (and labels) are a calibration variable.
        let names = Set(settings.margins.flatMap(\.variables))
        let variables = Dictionary(uniqueKeysWithValues: groups.filter { names.contains($0.variable.key) }.map { ($0.variable.key, CalibrationVariable(group: $0)) })
        let calibrated = try design.calibrated(
            settings, variables: variables, lines: ingest.table.lines.isEmpty ? nil : ingest.table.lines,
            known: "margins name the study's groups: \(groups.map(\.variable.key).joined(separator: ", "))")
        return (calibrated.design, calibrated.summary)
    }
}
