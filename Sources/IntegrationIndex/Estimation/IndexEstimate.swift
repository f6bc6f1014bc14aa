/// An estimate of one indicator (a dimension, the overall index or a headline proportion)
/// for one group, on the 0–100 scale, with its quality flag. What reports and the store hold.
public struct IndexEstimate: Sendable, Equatable {
    /// A dimension key, `overall`, or a headline key.
    public var indicator: String
    public var statistic: Statistic
    /// The group variable's key; empty for the whole population.
    public var groupKey: String
    /// The group's value (crossings joined with `|`); empty for the whole population and
    /// for the "no answer" group.
    public var groupValue: String
    public var groupLabel: LocalizedText
    public var n: Int
    public var weightedN: Double
    /// Estimate, SE and interval on the 0–100 scale (index points or percent).
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Int
    public var ciLow: Double?
    public var ciHigh: Double?
    public var coefficientOfVariation: Double?
    public var flag: QualityFlag

    public static let overallKey = "overall"
    public static let populationLabel = LocalizedText(es: "Total", en: "All respondents")

    /// Whether the value may be shown at all.
    public var isSuppressed: Bool { flag == .suppress }

    public init(
        indicator: String, statistic: Statistic, groupKey: String, groupValue: String, groupLabel: LocalizedText, n: Int, weightedN: Double,
        estimate: Double, standardError: Double, degreesOfFreedom: Int, ciLow: Double?, ciHigh: Double?, coefficientOfVariation: Double?,
        flag: QualityFlag
    ) {
        self.indicator = indicator
        self.statistic = statistic
        self.groupKey = groupKey
        self.groupValue = groupValue
        self.groupLabel = groupLabel
        self.n = n
        self.weightedN = weightedN
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.coefficientOfVariation = coefficientOfVariation
        self.flag = flag
    }

    init(_ estimate: Estimate, indicator: String, group: (key: String, value: String, label: LocalizedText), thresholds: QualityThresholds) {
        self.indicator = indicator
        self.statistic = estimate.statistic
        self.groupKey = group.key
        self.groupValue = group.value
        self.groupLabel = group.label
        self.n = estimate.n
        self.weightedN = estimate.weightedN
        self.estimate = estimate.estimate * 100
        self.standardError = estimate.standardError * 100
        self.degreesOfFreedom = estimate.degreesOfFreedom
        self.ciLow = estimate.interval.map { $0.lowerBound * 100 }
        self.ciHigh = estimate.interval.map { $0.upperBound * 100 }
        self.coefficientOfVariation = estimate.coefficientOfVariation
        self.flag = QualityFlag(assessing: estimate, thresholds: thresholds)
    }

    /// The engine's estimates named by their group's value and label, and flagged.
    static func labelled(_ raw: [Estimate], groups: [GroupPartition], thresholds: QualityThresholds) -> [IndexEstimate] {
        let groupByKey = Dictionary(uniqueKeysWithValues: groups.map { ($0.variable.key, $0) })
        return raw.map { estimate in
            var group = (key: "", value: "", label: populationLabel)
            if let partition = groupByKey[estimate.partition], let index = partition.partition.domains.firstIndex(of: estimate.domain) {
                group = (estimate.partition, partition.values[index], partition.labels[index])
            }
            return IndexEstimate(estimate, indicator: estimate.variable, group: group, thresholds: thresholds)
        }
    }

    /// The columns estimated: every dimension and the overall index (means), every headline
    /// (a proportion).
    static func variables(scores: RespondentScores, study: Study) -> [AnalysisVariable] {
        var variables = zip(scores.dimensionKeys, scores.dimensions).map { AnalysisVariable(name: $0, statistic: .mean, values: $1) }
        variables.append(AnalysisVariable(name: overallKey, statistic: .mean, values: scores.overall))
        variables += zip(study.headlines, scores.indicators).map { AnalysisVariable(name: $0.key, statistic: .proportion, values: $1) }
        return variables
    }

    /// Every dimension, the overall index and every headline, for the population and each
    /// domain of each group variable; and each group against its variable's reference group.
    /// With `keepingSumsOf`, also the sums of those dimensions over each group variable's
    /// domains, at `[group][k]` for the k-th dimension listed (for `RankSensitivity`).
    static func estimate(
        scores: RespondentScores, instrument: Instrument, study: Study, groups: [GroupPartition], design: SurveyDesign, keepingSumsOf dimensions: [Int] = []
    ) -> (estimates: [IndexEstimate], comparisons: [IndexComparison], dimensionSums: [[DomainSums]]?) {
        let variables = variables(scores: scores, study: study)
        let partitions = [Partition.whole(rows: scores.count)] + groups.map(\.partition)
        let references = [nil] + groups.map(\.reference)
        // The variables begin with the dimensions, in the instrument's order.
        let kept = Set(dimensions)
        let (raw, differences, sums) = Estimator(design: design).estimate(variables, by: partitions, comparingTo: references) { p, v in
            p > 0 && kept.contains(v)
        }
        // Partition 0 is the whole population.
        let dimensionSums = dimensions.isEmpty ? nil : groups.indices.map { g in dimensions.map { sums[g + 1][$0]! } }
        let estimates = labelled(raw, groups: groups, thresholds: study.quality)
        var suppressed = Set<String>()
        for e in estimates where e.isSuppressed { suppressed.insert("\(e.indicator)\u{0}\(e.groupKey)\u{0}\(e.groupValue)") }
        let tested = differences.map { difference -> (comparison: IndexComparison, pValue: Double?, hidden: Bool) in
            // Partition 0 is the whole population, which has no reference.
            let group = groups[difference.partition - 1]
            let value = group.values[difference.domain]
            let referenceValue = group.values[difference.reference]
            let indicator = difference.estimate.variable
            // A difference from a suppressed estimate would reveal it: it is not kept.
            let hidden = suppressed.contains("\(indicator)\u{0}\(group.variable.key)\u{0}\(value)")
                || suppressed.contains("\(indicator)\u{0}\(group.variable.key)\u{0}\(referenceValue)")
            let comparison = IndexComparison(
                indicator: indicator, groupKey: group.variable.key, groupValue: value, referenceValue: referenceValue,
                difference: hidden ? .nan : difference.estimate.estimate * 100, standardError: hidden ? .nan : difference.estimate.standardError * 100,
                degreesOfFreedom: difference.estimate.degreesOfFreedom, isSignificant: false)
            return (comparison, IndexComparison.pValue(difference.estimate), hidden)
        }
        return (estimates, IndexComparison.adjusting(tested, by: study.multipleComparisons), dimensionSums)
    }
}
