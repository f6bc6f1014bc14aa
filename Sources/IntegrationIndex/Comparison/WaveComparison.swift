import Foundation

/// The change of every estimate between two waves (`integra compare`): every dimension, the
/// overall index, the headlines and the counting view's figures, for the population and
/// every group. Two ways, by how the waves were sampled (`WaveChange.Samples`).
public enum WaveComparison {
    /// Changes between independent samples, from the two runs' published estimates alone (a
    /// stored run needs no survey file): V_A + V_B, df_A + df_B. An estimate suppressed in
    /// either wave leaves its change empty; one to be used with caution in either marks the
    /// change "E". In the later run's order of estimates.
    public static func independent(before: [IndexEstimate], after: [IndexEstimate], adjustment: PValueAdjustment) -> [WaveChange] {
        func key(_ e: IndexEstimate) -> String { "\(e.indicator)\u{0}\(e.statistic.rawValue)\u{0}\(e.groupKey)\u{0}\(e.groupValue)" }
        let earlier = Dictionary(before.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let changes = after.compactMap { later -> WaveChange? in
            guard let earlier = earlier[key(later)] else { return nil }
            func shown(_ e: IndexEstimate) -> Double? { e.isSuppressed || !e.estimate.isFinite ? nil : e.estimate }
            let variance = shown(earlier) == nil || shown(later) == nil ? nil : earlier.standardError * earlier.standardError + later.standardError * later.standardError
            return WaveChange(
                indicator: later.indicator, statistic: later.statistic, groupKey: later.groupKey, groupValue: later.groupValue,
                groupLabel: later.groupLabel, before: shown(earlier), after: shown(later), nBefore: earlier.n, nAfter: later.n,
                standardError: variance?.squareRoot(), degreesOfFreedom: earlier.degreesOfFreedom + later.degreesOfFreedom, samples: .independent,
                flag: earlier.flag.worse(later.flag))
        }
        return WaveChange.adjusting(changes, by: adjustment)
    }
}

/// Why two waves cannot be compared as asked.
public struct ComparisonError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
