import Foundation

/// The pipeline up to every respondent's scores (ingest → groups and design → scoring, and
/// the counting view's profiles): all that respondents.csv and the store's respondent columns
/// are made of, before any estimate. `estimated()` goes on to the whole `StudyRun`.
///
/// Why a step of its own: the respondents' outputs are the run's largest (two files of a
/// hundred megabytes each at a million respondents) and need nothing of the estimates, so
/// the command line starts writing them here, while the estimates are made; the disk is
/// then busy during the estimation instead of idle, and waited for less at the end.
public struct ScoredRun: Sendable {
    public var study: Study
    public var instrument: Instrument
    public var ingest: IngestResult
    public var groups: [GroupPartition]
    public var design: SurveyDesign
    /// What calibration did; `nil` without calibration.
    public var calibration: CalibrationSummary?
    public var scores: RespondentScores
    /// Who lags in which dimension; `nil` when the study turns the counting view off.
    public var lagging: LaggingProfiles?
    /// Findings of every stage, in file order: the estimation adds none.
    public var findings: [Finding]
    /// Seconds spent in each stage so far.
    public var timings: [(stage: String, seconds: Double)]

    /// Each respondent's calibrated weight; `nil` without calibration.
    public var calibratedWeights: [Double]? { calibration == nil ? nil : design.weights }

    /// Reads the study's file and scores it. Throws for a file that cannot be read, a design
    /// that cannot be estimated or a counting view that does not fit the instrument; bad
    /// rows and values end up in the quarantine and the findings instead.
    public static func score(study: Study, instrument: Instrument) throws -> ScoredRun {
        var clock = StageClock()
        let ingest = try SurveyReader(study: study, instrument: instrument).read(study.dataURL)
        clock.lap("ingest")
        return try ScoredRun(study: study, instrument: instrument, ingest: ingest, clock: clock)
    }

    /// Scores a file read already.
    init(study: Study, instrument: Instrument, ingest: IngestResult, clock: StageClock) throws {
        var clock = clock
        guard ingest.rowsAccepted > 0 else {
            throw IngestError(
                file: study.dataURL.path, kind: .noRows,
                message: "no usable rows: \(ingest.rowsRead) read, all quarantined (first reason: \(ingest.quarantine.first?.reason ?? "none"))")
        }
        // Groups first: scoring counts each item's response in every group, and calibration
        // uses them. The groups are made on all cores while the design as the data gives it,
        // which needs the table alone, is made on a thread of its own (after the groups, it
        // took 7 ms of a million rows' groups-and-design step with a core partly idle: 64 →
        // 57 ms); calibration takes both. (Made inside a `concurrentPerform` of the two, the
        // groups' own `concurrentPerform` ran on one core: libdispatch runs a nested one inline.)
        let designing = Background { [ingest] in try StudyRun.uncalibratedDesign(study: study, ingest: ingest) }
        let (groups, groupFindings) = GroupPartition.make(for: study, table: ingest.table)
        let (design, calibration) = try StudyRun.calibrated(designing.wait(), study: study, ingest: ingest, groups: groups)
        clock.lap("design")
        // Scored after calibration: α, correlations and item means use the calibrated weights.
        let scores = Scorer(instrument: instrument, study: study).score(ingest.table, groups: groups, weights: calibration == nil ? nil : design.weights)
        clock.lap("scoring")
        var lagging: LaggingProfiles?
        if let settings = study.counting {
            try settings.check(against: instrument, study: study)
            lagging = LaggingProfiles(scores: scores, instrument: instrument, settings: settings)
            clock.lap("lagging profiles")
        }
        self.study = study
        self.instrument = instrument
        self.ingest = ingest
        self.groups = groups
        self.design = design
        self.calibration = calibration
        self.scores = scores
        self.lagging = lagging
        findings = (ingest.findings + scores.findings + groupFindings).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        timings = clock.laps
    }

    /// The estimates of every dimension for every group, the counting view's and the ranks':
    /// the whole run. Nothing here can fail; what could was checked while scoring.
    public func estimated() -> StudyRun {
        var clock = StageClock()
        // The ranks' cells are the estimation's sums when the design's units are its PSUs.
        let rankCellsFromEstimation = study.rankSensitivity != nil && RankCellSums.areEstimationSums(for: design)
        var (estimates, comparisons, dimensionSums) = IndexEstimate.estimate(
            scores: scores, instrument: instrument, study: study, groups: groups, design: design,
            keepingSumsOf: rankCellsFromEstimation ? RankSensitivity.dimensions(of: instrument) : [])
        clock.lap("estimation")
        if let settings = study.counting, let lagging {
            estimates += CountingEstimates.estimate(profiles: lagging, settings: settings, study: study, groups: groups, design: design)
            clock.lap("counting view")
        }
        var ranks: [GroupRank] = []
        if let settings = study.rankSensitivity {
            ranks = RankSensitivity.ranks(
                scores: scores, instrument: instrument, groups: groups, design: design, estimates: estimates, settings: settings,
                counting: study.counting, estimationSums: dimensionSums)
            clock.lap("rank sensitivity")
        }
        return StudyRun(
            study: study, instrument: instrument, ingest: ingest, scores: scores, groups: groups, estimates: estimates,
            comparisons: comparisons, lagging: lagging, ranks: ranks, calibration: calibration, calibratedWeights: calibratedWeights,
            findings: findings, timings: timings + clock.laps)
    }
}
