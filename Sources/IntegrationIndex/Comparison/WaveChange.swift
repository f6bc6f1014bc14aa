/// One indicator's change between two waves of a survey, for the population or one group,
/// on the 0–100 scale: the later wave minus the earlier, with its design-based SE, interval
/// and test. Made by `WaveComparison` from two runs of the same instrument.
public struct WaveChange: Sendable, Equatable {
    /// How the two waves' respondents relate, which decides the variance of the change.
    public enum Samples: String, Sendable {
        /// Two samples drawn apart: V(B − A) = V(A) + V(B), with df_A + df_B (as R's
        /// `svycontrast` on the two waves stacked in one design).
        case independent
        /// The same respondents interviewed twice (a panel), linked by respondent id: the
        /// change is linearized on the paired values, in the later wave's design.
        case paired
    }

    public var indicator: String
    public var statistic: Statistic
    /// The group variable's key; empty for the whole population.
    public var groupKey: String
    public var groupValue: String
    public var groupLabel: LocalizedText
    /// Each wave's estimate; `nil` where suppressed or not estimable. For a panel, both are
    /// estimated on the linked respondents, so that `change` is their difference.
    public var before: Double?
    public var after: Double?
    /// Respondents behind each estimate (for a panel, the linked pairs, in both).
    public var nBefore: Int
    public var nAfter: Int
    /// `after − before`; `nil`, as its SE, interval and p-values, when either is hidden.
    public var change: Double?
    public var standardError: Double?
    public var degreesOfFreedom: Int
    public var ciLow: Double?
    public var ciHigh: Double?
    public var pValue: Double?
    /// `pValue` adjusted over the changes of its table (one group variable, every indicator),
    /// by the later study's `multipleComparisons` method.
    public var adjustedPValue: Double?
    public var samples: Samples
    /// How far the change may be published: the weaker of its two estimates' flags ("E" when
    /// either is to be used with caution; "F", and no value, when either is suppressed).
    public var flag: QualityFlag

    /// The change as a share of the earlier level (0.1 is 10% more); `nil` from a level of 0.
    public var relativeChange: Double? {
        guard let change, let before, before != 0 else { return nil }
        return change / before
    }

    /// Significant at 5% after the adjustment for the table's number of tests.
    public var isSignificant: Bool { adjustedPValue.map { $0 < 0.05 } ?? false }

    public init(
        indicator: String, statistic: Statistic, groupKey: String, groupValue: String, groupLabel: LocalizedText, before: Double?,
        after: Double?, nBefore: Int, nAfter: Int, standardError: Double?, degreesOfFreedom: Int, samples: Samples,
        flag: QualityFlag = .publish
    ) {
        self.indicator = indicator
        self.statistic = statistic
        self.groupKey = groupKey
        self.groupValue = groupValue
        self.groupLabel = groupLabel
        self.before = before
        self.after = after
        self.nBefore = nBefore
        self.nAfter = nAfter
        self.degreesOfFreedom = degreesOfFreedom
        self.samples = samples
        guard let before, let after, let standardError, standardError.isFinite, flag != .suppress else {
            self.flag = .suppress
            return
        }
        self.flag = flag
        let change = after - before
        self.change = change
        self.standardError = standardError
        if degreesOfFreedom > 0 {
            let t = StudentT.quantile(0.975, degreesOfFreedom: Double(degreesOfFreedom))
            ciLow = change - t * standardError
            ciHigh = change + t * standardError
            if standardError > 0 { pValue = StudentT.twoSidedPValue(change / standardError, degreesOfFreedom: Double(degreesOfFreedom)) }
        }
    }

    /// The p-values of each table (group variable) adjusted together by `method`.
    static func adjusting(_ changes: [WaveChange], by method: PValueAdjustment) -> [WaveChange] {
        var result = changes
        for table in Set(changes.map(\.groupKey)) {
            let members = changes.indices.filter { changes[$0].groupKey == table }
            for (member, adjusted) in zip(members, method.adjust(members.map { changes[$0].pValue })) {
                result[member].adjustedPValue = adjusted
            }
        }
        return result
    }
}
