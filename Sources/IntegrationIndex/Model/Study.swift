import Foundation

/// Everything a run needs beyond the instrument: which file, which columns, which design,
/// which groups to report and how strict to be. Loaded from `study.json`.
public struct Study: Sendable {
    public var title: LocalizedText
    /// Absolute URLs: relative paths in the file resolve against the study file's folder.
    public var dataURL: URL
    public var studyURL: URL
    /// A built-in instrument by name, or a file beside the study.
    public var instrument: InstrumentReference
    /// The respondent id column; `nil` for the platform's own (`_uuid`, `KEY`, …).
    public var idColumn: String?
    /// Study column name → the file's header, for headers found by no rule.
    public var columnMapping: [String: String] = [:]
    /// Decimal comma in number columns; `nil` to detect it per file.
    public var decimalComma: Bool?
    /// The sheet of an .xlsx data file; `nil` for the first.
    public var sheet: String?
    public var language: Language
    /// Named numbers items may refer to, such as the national median income.
    public var parameters: [String: Double]
    public var design: DesignSpecification
    public var groups: [GroupVariable]
    public var headlines: [Headline]
    public var quality: QualityThresholds
    public var simulation: SimulationSettings?
    /// The counting view's settings; `nil` when the study turns it off (`"counting": false`).
    public var counting: CountingSettings? = CountingSettings()
    /// How the p-values of each table's comparisons with the reference group are adjusted.
    public var multipleComparisons: PValueAdjustment = .holm
    /// How the groups' order on the overall index is tested; `nil` when the study turns it off.
    public var rankSensitivity: RankSettings? = RankSettings()
    /// Weights calibrated to population margins before any estimate; `nil` to use the
    /// design weights as they are.
    public var calibration: CalibrationSettings?
}

/// Which columns carry the sampling design.
public struct DesignSpecification: Sendable {
    public var weight: String?
    public var strata: String?
    /// One column per sampling stage, first stage first.
    public var clusters: [String]
    /// One column per stage: population size (≥ 1) or sampling fraction (< 1).
    public var fpc: [String]
    /// Cluster ids restart within each stratum.
    public var nest: Bool
    public var lonelyPSU: LonelyPSUPolicy
    /// Replicate weight columns (the prefix of their names) and how to use them; when set,
    /// they carry the design and strata, clusters and fpc are not used.
    public var replicates: ReplicateSpecification?

    public init(
        weight: String?, strata: String? = nil, clusters: [String] = [], fpc: [String] = [], nest: Bool = false,
        lonelyPSU: LonelyPSUPolicy = .fail, replicates: ReplicateSpecification? = nil
    ) {
        self.weight = weight
        self.strata = strata
        self.clusters = clusters
        self.fpc = fpc
        self.nest = nest
        self.lonelyPSU = lonelyPSU
        self.replicates = replicates
    }
}

/// Which columns hold replicate weights and how their spread becomes a variance.
public struct ReplicateSpecification: Sendable {
    /// Replicate columns are named this prefix followed by a number (`rep1`, `rep2`, …).
    public var prefix: String
    public var kind: ReplicateWeights.Kind
    public var fayRho: Double?
    /// Overrides the kind's scale.
    public var scale: Double?
    public var meanSquaredError: Bool

    public init(prefix: String, kind: ReplicateWeights.Kind, fayRho: Double? = nil, scale: Double? = nil, meanSquaredError: Bool = false) {
        self.prefix = prefix
        self.kind = kind
        self.fayRho = fayRho
        self.scale = scale
        self.meanSquaredError = meanSquaredError
    }

    /// The replicate columns of a header, in the order of their numbers.
    public func columns(in header: [String]) -> [String] {
        header.compactMap { name -> (Int, String)? in
            guard name.hasPrefix(prefix), let number = Int(name.dropFirst(prefix.count)) else { return nil }
            return (number, name)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// A proportion reported beside the index, such as the share planning to migrate.
public struct Headline: Sendable {
    public var key: String
    public var labels: LocalizedText
    public var column: String
    /// Answers that count as "yes".
    public var yes: [String]
    /// Answers that count as answered; other values are missing. Empty: any non-blank value
    /// other than the item's non-answer codes.
    public var of: [String]
}

/// Publication thresholds (Statistics Canada's defaults).
public struct QualityThresholds: Sendable, Equatable {
    public var suppressBelowN = 10
    public var cautionBelowN = 30
    public var cautionCV = 0.165
    public var suppressCV = 0.333
    /// Proportions are judged by the width of their interval (on the 0–1 scale), since a CV
    /// explodes near 0 and says nothing near 1.
    public var cautionIntervalWidth = 0.30
    public var suppressIntervalWidth = 0.60
    /// A dimension whose Cronbach's α is below this is flagged in the data-quality section.
    public var minimumAlpha = 0.7

    public init() {}
}
