import Dispatch
import Foundation
import Synchronization

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
        let (measures, kValues) = measures(of: profiles, settings: settings)
        let partitions = [Partition.whole(rows: profiles.count)] + groups.map(\.partition)
        let all = measures
        var raw: [Estimate]
        // A calibrated design's residuals need sums per calibration cell too, made from the
        // profiles when they are few.
        let calibrationSums: [[CalibrationResiduals.Sums]]? = design.calibration.flatMap { calibration in
            let sums = partitions.map { partition in
                CountingSums.calibrationSums(
                    of: all.map(\.measure), profiles: profiles, kValues: kValues, calibration: calibration, domainOfRow: partition.domainOfRow,
                    domainCount: partition.domains.count)
            }
            return sums.contains { $0 == nil } ? nil : sums.map { $0! }
        }
        if !design.rowsAreUnits, design.replicates == nil, design.calibration == nil || calibrationSums != nil {
            // Every measure's sums in one pass per partition, the partitions on all cores.
            let results = Mutex([[Estimate]](repeating: [], count: partitions.count))
            DispatchQueue.concurrentPerform(iterations: partitions.count) { p in
                let partition = partitions[p]
                let sums = CountingSums.sums(
                    of: all.map(\.measure), profiles: profiles, kValues: kValues, weights: design.weights, unitOfRow: design.unitOfRow,
                    domainOfRow: partition.domainOfRow, domainCount: partition.domains.count, unitCount: design.unitCount)
                var estimates: [Estimate] = []
                for (m, (measure, sums)) in zip(all, sums).enumerated() {
                    let variable = AnalysisVariable(name: measure.name, statistic: measure.statistic, values: [])
                    let analysis = DomainAnalysis(design: design, variable: variable, partition: partition, sums: sums, calibrationSums: calibrationSums?[p][m])
                    estimates += partition.domains.indices.map(analysis.estimate(domain:))
                }
                results.withLock { $0[p] = estimates }
            }
            raw = results.withLock { $0.flatMap { $0 } }
        } else {
            // Rows as their own PSUs, replicate weights, and calibration residuals with many
            // profiles need each measure as a column.
            raw = []
            for first in stride(from: 0, to: measures.count, by: variablesAtOnce) {
                let variables = measures[first..<min(first + variablesAtOnce, measures.count)].map { variable(for: $0, profiles: profiles, kValues: kValues) }
                raw += Estimator(design: design).estimate(variables, by: partitions)
            }
        }
        let k = settings.k
        raw += raw.filter { [headcount, intensity, adjustedHeadcount].contains($0.variable) }.map { estimate in
            var copy = estimate
            copy.variable = atK(estimate.variable, k)
            return copy
        }
        return IndexEstimate.labelled(raw, groups: groups, thresholds: study.quality)
    }

    typealias Measure = (name: String, statistic: Statistic, measure: CountingSums.Measure)

    /// Every figure of the counting view, named as in the estimates, and the k values their
    /// measures index: the study's k first.
    static func measures(of profiles: LaggingProfiles, settings: CountingSettings) -> (measures: [Measure], kValues: [Double]) {
        // k itself is in the robustness table: its H, A and M0 are copied, not estimated again.
        let kValues = [settings.k] + settings.allK.filter { $0 != settings.k }
        var measures: [Measure] = [
            (headcount, .proportion, .identified(k: 0)), (intensity, .ratio, .intensity(k: 0)), (adjustedHeadcount, .mean, .censoredShare(k: 0)),
        ]
        for (j, key) in profiles.dimensionKeys.enumerated() {
            measures.append((lagging(key), .proportion, .lagging(dimension: j)))
            measures.append((censored(key), .proportion, .censored(dimension: j, k: 0)))
            measures.append((contribution(key), .ratio, .contribution(dimension: j, k: 0)))
        }
        for index in kValues.indices.dropFirst() {
            let other = kValues[index]
            measures.append((atK(headcount, other), .proportion, .identified(k: index)))
            measures.append((atK(intensity, other), .ratio, .intensity(k: index)))
            measures.append((atK(adjustedHeadcount, other), .mean, .censoredShare(k: index)))
        }
        return (measures, kValues)
    }

    /// Every figure of the counting view as a column (a ratio with its denominator), named as
    /// in the estimates, the study's k also under its `@k=` name.
    static func variables(profiles: LaggingProfiles, settings: CountingSettings) -> [AnalysisVariable] {
        let (measures, kValues) = measures(of: profiles, settings: settings)
        var variables = measures.map { variable(for: $0, profiles: profiles, kValues: kValues) }
        for variable in variables.prefix(3) {
            var copy = variable
            copy.name = atK(variable.name, settings.k)
            variables.append(copy)
        }
        return variables
    }

    /// A measure as a column of the survey's length.
    private static func variable(
        for measure: Measure, profiles: LaggingProfiles, kValues: [Double]
    ) -> AnalysisVariable {
        switch measure.measure {
        case .identified(let k):
            return AnalysisVariable(name: measure.name, statistic: .proportion, values: profiles.identified(k: kValues[k]))
        case .censoredShare(let k):
            return AnalysisVariable(name: measure.name, statistic: .mean, values: profiles.censoredShares(k: kValues[k]))
        case .intensity(let k):
            return .ratio(name: measure.name, numerator: profiles.censoredShares(k: kValues[k]), denominator: profiles.identified(k: kValues[k]))
        case .lagging(let j):
            return AnalysisVariable(name: measure.name, statistic: .proportion, values: profiles.lagging(in: j))
        case .censored(let j, let k):
            return AnalysisVariable(name: measure.name, statistic: .proportion, values: profiles.lagging(in: j, censoredAt: kValues[k]))
        case .contribution(let j, let k):
            return .ratio(
                name: measure.name, numerator: profiles.lagging(in: j, censoredAt: kValues[k], scale: profiles.weights[j]),
                denominator: profiles.censoredShares(k: kValues[k]))
        }
    }
}
