import Foundation

/// What every report renders — estimates, comparisons, groups, data quality, method — taken
/// either from a run just made or from the result store, so `integra report` re-renders a
/// stored run without reading the survey again. Last stage of the pipeline's data: tables
/// and documents are drawn from this alone.
public struct ReportData: Sendable {
    public var study: Study
    public var instrument: Instrument
    public var language: Language
    /// When the run was made.
    public var date: Date
    public let estimates: [IndexEstimate]
    public let comparisons: [IndexComparison]
    /// Positions in `estimates` and `comparisons` by (indicator, group, value): renderers look
    /// up every cell of every table.
    private let estimateIndex: [String: Int]
    private let comparisonIndex: [String: Int]
    public var groups: [Group]
    public var quality: Quality
    /// Respondent scores (0–1), when the report lists them (the workbook does).
    public var respondents: RespondentScores?
    /// How firm each group's place on the overall index is (`RankSensitivity`).
    public var ranks: [GroupRank] = []

    /// A group variable as reported: its groups in order, with labels.
    public struct Group: Sendable {
        public var key: String
        public var labels: LocalizedText
        public var values: [String]
        public var valueLabels: [LocalizedText]
        public var reference: String?

        /// A value's label in `language`; the value itself when the group does not list it.
        public func label(of value: String, in language: Language) -> String {
            values.firstIndex(of: value).map { valueLabels[$0][language] } ?? value
        }

        public init(key: String, labels: LocalizedText, values: [String], valueLabels: [LocalizedText], reference: String?) {
            self.key = key
            self.labels = labels
            self.values = values
            self.valueLabels = valueLabels
            self.reference = reference
        }
    }

    /// What the data-quality section shows.
    public struct Quality: Sendable {
        public var rowsRead: Int
        public var rowsAccepted: Int
        public var rowsQuarantined: Int
        public var quarantineKinds: [(kind: QuarantinedRow.Kind, count: Int)]
        public var itemResponse: [RespondentScores.ItemResponse]
        /// Each item's response in every group, for the workbook's table by group.
        public var itemResponseByGroup: [RespondentScores.ItemGroupResponse]
        public var findings: [(column: String, rule: Finding.Rule, count: Int)]
        /// Each dimension's Cronbach's α.
        public var reliability: [DimensionReliability]
        /// The weighted correlation of every pair of dimensions.
        public var correlations: [DimensionCorrelation]
        /// What calibration did to the weights; `nil` when they were used as given.
        public var calibration: CalibrationSummary?

        public init(
            rowsRead: Int, rowsAccepted: Int, rowsQuarantined: Int, quarantineKinds: [(kind: QuarantinedRow.Kind, count: Int)],
            itemResponse: [RespondentScores.ItemResponse], findings: [(column: String, rule: Finding.Rule, count: Int)],
            reliability: [DimensionReliability] = [], correlations: [DimensionCorrelation] = [],
            itemResponseByGroup: [RespondentScores.ItemGroupResponse] = [], calibration: CalibrationSummary? = nil
        ) {
            self.calibration = calibration
            self.itemResponseByGroup = itemResponseByGroup
            self.correlations = correlations
            self.reliability = reliability
            self.rowsRead = rowsRead
            self.rowsAccepted = rowsAccepted
            self.rowsQuarantined = rowsQuarantined
            self.quarantineKinds = quarantineKinds
            self.itemResponse = itemResponse
            self.findings = findings
        }

        public var findingCount: Int { findings.reduce(0) { $0 + $1.count } }
    }

    public init(
        study: Study, instrument: Instrument, language: Language, date: Date, estimates: [IndexEstimate], comparisons: [IndexComparison],
        groups: [Group], quality: Quality, respondents: RespondentScores?
    ) {
        self.study = study
        self.instrument = instrument
        self.language = language
        self.date = date
        self.estimates = estimates
        self.comparisons = comparisons
        estimateIndex = Dictionary(estimates.enumerated().map { (Self.key($1.indicator, $1.groupKey, $1.groupValue), $0) }, uniquingKeysWith: { first, _ in first })
        comparisonIndex = Dictionary(comparisons.enumerated().map { (Self.key($1.indicator, $1.groupKey, $1.groupValue), $0) }, uniquingKeysWith: { first, _ in first })
        self.groups = groups
        self.quality = quality
        self.respondents = respondents
    }

    /// The report of a run just made.
    public init(run: StudyRun, date: Date, language: Language? = nil) {
        let ingest = run.ingest
        self.init(
            study: run.study, instrument: run.instrument, language: language ?? run.study.language, date: date,
            estimates: run.estimates, comparisons: run.comparisons,
            groups: run.groups.map { group in
                Group(
                    key: group.variable.key, labels: group.variable.labels, values: group.values, valueLabels: group.labels,
                    reference: group.reference.map { group.values[$0] })
            },
            quality: Quality(
                rowsRead: ingest.rowsRead, rowsAccepted: ingest.rowsAccepted, rowsQuarantined: ingest.rowsQuarantined,
                quarantineKinds: Self.count(ingest.quarantine.map(\.kind)), itemResponse: run.scores.itemResponse,
                findings: Self.summarize(run.findings.map { ($0.column, $0.rule) }), reliability: run.scores.reliability, correlations: run.scores.correlations,
                itemResponseByGroup: run.scores.itemResponseByGroup, calibration: run.calibration),
            respondents: run.scores)
        ranks = run.ranks
    }

    /// Counts of each kind, most frequent first.
    public static func count(_ kinds: [QuarantinedRow.Kind]) -> [(kind: QuarantinedRow.Kind, count: Int)] {
        var counts: [QuarantinedRow.Kind: Int] = [:]
        for kind in kinds { counts[kind, default: 0] += 1 }
        return counts.map { (kind: $0.key, count: $0.value) }.sorted { ($1.count, $0.kind.rawValue) < ($0.count, $1.kind.rawValue) }
    }

    /// Counts of findings per column and rule, most frequent first.
    public static func summarize(_ findings: [(column: String, rule: Finding.Rule)]) -> [(column: String, rule: Finding.Rule, count: Int)] {
        var counts: [String: (String, Finding.Rule, Int)] = [:]
        for finding in findings {
            let key = finding.column + "\u{0}" + finding.rule.rawValue
            counts[key, default: (finding.column, finding.rule, 0)].2 += 1
        }
        return counts.values.map { (column: $0.0, rule: $0.1, count: $0.2) }.sorted { ($1.count, $0.column) < ($0.count, $1.column) }
    }

    // MARK: - Lookups the renderers share

    /// Missing answers and non-answers as percentages of those asked (0 when none was).
    static func rates(asked: Int, missing: Int, nonAnswers: Int) -> (missing: Double, nonAnswers: Double) {
        guard asked > 0 else { return (0, 0) }
        return (100 * Double(missing) / Double(asked), 100 * Double(nonAnswers) / Double(asked))
    }

    /// The columns of every table: the dimensions, the overall index, then the headlines.
    public var indicators: [(key: String, label: LocalizedText, isProportion: Bool)] { Self.indicators(study: study, instrument: instrument) }

    static func indicators(study: Study, instrument: Instrument) -> [(key: String, label: LocalizedText, isProportion: Bool)] {
        instrument.dimensions.map { ($0.key, $0.labels, false) } + [(IndexEstimate.overallKey, ReportText.overall, false)]
            + study.headlines.map { ($0.key, $0.labels, true) }
    }

    private static func key(_ indicator: String, _ group: String, _ value: String) -> String { "\(indicator)\u{0}\(group)\u{0}\(value)" }

    public func estimate(_ indicator: String, group: String = "", value: String = "") -> IndexEstimate? {
        estimateIndex[Self.key(indicator, group, value)].map { estimates[$0] }
    }

    public func comparison(_ indicator: String, group: String, value: String) -> IndexComparison? {
        comparisonIndex[Self.key(indicator, group, value)].map { comparisons[$0] }
    }
}
