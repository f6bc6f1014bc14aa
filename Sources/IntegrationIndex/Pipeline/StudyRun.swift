import Foundation

/// One run of a study: ingest → scoring → estimation, the whole pipeline in order. Writing
/// files and the store is left to the caller (the command line), so the library stays free
/// of terminals and databases.
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
        var clock = StageClock()
        let ingest = try SurveyReader(study: study, instrument: instrument).read(study.dataURL)
        clock.lap("ingest")
        return try execute(study: study, instrument: instrument, ingest: ingest, clock: clock)
    }

    /// The pipeline after ingest, for a caller that has read the file already (`integra check`).
    public static func execute(study: Study, instrument: Instrument, ingest: IngestResult) throws -> StudyRun {
        try execute(study: study, instrument: instrument, ingest: ingest, clock: StageClock())
    }

    /// The study's design over the accepted rows, its weights calibrated when the study asks.
    static func design(study: Study, ingest: IngestResult, groups: [GroupPartition]) throws -> (design: SurveyDesign, calibration: CalibrationSummary?) {
        try calibrated(uncalibratedDesign(study: study, ingest: ingest), study: study, ingest: ingest, groups: groups)
    }

    /// The design as the data gives it: weights, strata, PSUs, fpc or replicates.
    private static func uncalibratedDesign(study: Study, ingest: IngestResult) throws -> SurveyDesign {
        try SurveyDesign(table: ingest.table, specification: study.design, replicateColumns: ingest.replicateColumns)
    }

    /// `design` with its weights calibrated when the study asks.
    private static func calibrated(
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

    private static func execute(study: Study, instrument: Instrument, ingest: IngestResult, clock: StageClock) throws -> StudyRun {
        var clock = clock
        guard ingest.rowsAccepted > 0 else {
            throw IngestError(
                file: study.dataURL.path, kind: .noRows,
                message: "no usable rows: \(ingest.rowsRead) read, all quarantined (first reason: \(ingest.quarantine.first?.reason ?? "none"))")
        }
        // Groups first: scoring counts each item's response in every group, and calibration
        // uses them. The groups are made on all cores, then the design as the data gives it
        // (10 ms at a million rows); calibration takes both. (Made at once inside a
        // `concurrentPerform` of the two, the groups' own `concurrentPerform` ran on one core:
        // libdispatch runs a nested one inline.)
        let (groups, groupFindings) = GroupPartition.make(for: study, table: ingest.table)
        let (design, calibration) = try Self.design(study: study, ingest: ingest, groups: groups)
        clock.lap("design")
        // Scored after calibration: α, correlations and item means use the calibrated weights.
        let scores = Scorer(instrument: instrument, study: study).score(ingest.table, groups: groups, weights: calibration == nil ? nil : design.weights)
        clock.lap("scoring")
        // The ranks' cells are the estimation's sums when the design's units are its PSUs.
        let rankCellsFromEstimation = study.rankSensitivity != nil && RankCellSums.areEstimationSums(for: design)
        var (estimates, comparisons, dimensionSums) = IndexEstimate.estimate(
            scores: scores, instrument: instrument, study: study, groups: groups, design: design,
            keepingSumsOf: rankCellsFromEstimation ? RankSensitivity.dimensions(of: instrument) : [])
        clock.lap("estimation")
        var lagging: LaggingProfiles?
        if let settings = study.counting {
            try settings.check(against: instrument, study: study)
            let profiles = LaggingProfiles(scores: scores, instrument: instrument, settings: settings)
            estimates += CountingEstimates.estimate(profiles: profiles, settings: settings, study: study, groups: groups, design: design)
            lagging = profiles
            clock.lap("counting view")
        }
        var ranks: [GroupRank] = []
        if let settings = study.rankSensitivity {
            ranks = RankSensitivity.ranks(
                scores: scores, instrument: instrument, groups: groups, design: design, estimates: estimates, settings: settings,
                counting: study.counting, estimationSums: dimensionSums)
            clock.lap("rank sensitivity")
        }
        let findings = (ingest.findings + scores.findings + groupFindings).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        return StudyRun(
            study: study, instrument: instrument, ingest: ingest, scores: scores, groups: groups, estimates: estimates,
            comparisons: comparisons, lagging: lagging, ranks: ranks, calibration: calibration, calibratedWeights: calibration == nil ? nil : design.weights,
            findings: findings, timings: clock.laps)
    }
}
