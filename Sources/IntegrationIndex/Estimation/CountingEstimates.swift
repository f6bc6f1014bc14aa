import Foundation

/// The counting view's estimates (Alkire–Foster) for the population and every group, from
/// `LaggingProfiles`, each with its design-based SE as the engine computes it:
///
/// - H, the share lagging overall (identified at k): a proportion;
/// - A, the average share of weight lagged among them: Σ w·c(k) / Σ w·1{identified}, a ratio
///   (not a mean on the identified, whose number is itself random);
/// - M0 = H·A, the mean of the censored shares c(k): one linearization;
/// - per dimension, the share lagging in it (uncensored) and lagging in it and overall
///   (censored), proportions; and its contribution to M0, w_j·CH_j / M0, a ratio of two totals.
///
/// H, A and M0 again for every k of the robustness list. Contributions add up to 100% and
/// population share × M0 of the groups of a variable add up to M0 (tests check both).
public enum CountingEstimates {
    public static let headcount = "af_H"
    public static let intensity = "af_A"
    public static let adjustedHeadcount = "af_M0"
    public static func lagging(_ dimension: String) -> String { "af_lagging.\(dimension)" }
    public static func censored(_ dimension: String) -> String { "af_censored.\(dimension)" }
    public static func contribution(_ dimension: String) -> String { "af_contribution.\(dimension)" }
    /// An indicator at one k of the robustness table.
    public static func atK(_ indicator: String, _ k: Double) -> String { "\(indicator)@k=\(kText(k))" }
    /// k as written in indicator keys and tables: up to four decimals (`0.25`, `0.3333`).
    public static func kText(_ k: Double) -> String {
        var text = String(format: "%.4f", k)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Variables are made a few at a time: each is a column as long as the survey, and a
    /// million respondents would otherwise hold dozens of them at once.
    static let variablesAtOnce = 6

    static func estimate(
        profiles: LaggingProfiles, settings: CountingSettings, study: Study, groups: [GroupPartition], design: SurveyDesign
    ) -> [IndexEstimate] {
        let k = settings.k
        var makers: [() -> AnalysisVariable] = [
            { AnalysisVariable(name: headcount, statistic: .proportion, values: profiles.identified(k: k)) },
            { AnalysisVariable.ratio(name: intensity, numerator: profiles.censoredShares(k: k), denominator: profiles.identified(k: k)) },
            { AnalysisVariable(name: adjustedHeadcount, statistic: .mean, values: profiles.censoredShares(k: k)) },
        ]
        for (j, key) in profiles.dimensionKeys.enumerated() {
            makers.append { AnalysisVariable(name: lagging(key), statistic: .proportion, values: profiles.lagging(in: j)) }
            makers.append { AnalysisVariable(name: censored(key), statistic: .proportion, values: profiles.lagging(in: j, censoredAt: k)) }
            makers.append {
                AnalysisVariable.ratio(
                    name: contribution(key), numerator: profiles.lagging(in: j, censoredAt: k, scale: profiles.weights[j]),
                    denominator: profiles.censoredShares(k: k))
            }
        }
        for other in settings.allK {
            makers.append { AnalysisVariable(name: atK(headcount, other), statistic: .proportion, values: profiles.identified(k: other)) }
            makers.append {
                AnalysisVariable.ratio(name: atK(intensity, other), numerator: profiles.censoredShares(k: other), denominator: profiles.identified(k: other))
            }
            makers.append { AnalysisVariable(name: atK(adjustedHeadcount, other), statistic: .mean, values: profiles.censoredShares(k: other)) }
        }
        let partitions = [Partition.whole(rows: profiles.count)] + groups.map(\.partition)
        let estimator = Estimator(design: design)
        var raw: [Estimate] = []
        for first in stride(from: 0, to: makers.count, by: variablesAtOnce) {
            let variables = makers[first..<min(first + variablesAtOnce, makers.count)].map { $0() }
            raw += estimator.estimate(variables, by: partitions)
        }
        return IndexEstimate.labelled(raw, groups: groups, thresholds: study.quality)
    }
}
