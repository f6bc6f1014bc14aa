/// A group against its group variable's reference group on one indicator: the difference on
/// the 0–100 scale with its design-based SE, and whether it is significant at 5%.
public struct IndexComparison: Sendable, Equatable {
    public var indicator: String
    public var groupKey: String
    public var groupValue: String
    /// The reference group: the first group of the variable, in the study's order, that has
    /// respondents (the "no answer" group never is).
    public var referenceValue: String
    public var difference: Double
    public var standardError: Double
    public var degreesOfFreedom: Int
    /// The adjusted p-value below 0.05 (the raw one when the study adjusts none), and
    /// neither estimate suppressed: a mark must not hint at a hidden value.
    public var isSignificant: Bool
    /// The two-sided t-test's p-value with the design's df; `nil` when hidden or undefined.
    public var pValue: Double?
    /// `pValue` adjusted over all comparisons of its table (one group variable, every
    /// indicator) by the study's method; `nil` as `pValue`.
    public var adjustedPValue: Double?

    public init(
        indicator: String, groupKey: String, groupValue: String, referenceValue: String, difference: Double, standardError: Double,
        degreesOfFreedom: Int, isSignificant: Bool, pValue: Double? = nil, adjustedPValue: Double? = nil
    ) {
        self.pValue = pValue
        self.adjustedPValue = adjustedPValue
        self.indicator = indicator
        self.groupKey = groupKey
        self.groupValue = groupValue
        self.referenceValue = referenceValue
        self.difference = difference
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.isSignificant = isSignificant
    }

    /// The two-sided p-value of a difference with the design's degrees of freedom; `nil`
    /// when undefined.
    static func pValue(_ difference: Estimate) -> Double? {
        guard difference.degreesOfFreedom > 0, difference.standardError > 0, difference.estimate.isFinite else { return nil }
        return StudentT.twoSidedPValue(difference.estimate / difference.standardError, degreesOfFreedom: Double(difference.degreesOfFreedom))
    }

    /// Each table's p-values adjusted together, and the marks set from them. Hidden
    /// comparisons count in their table's number of tests but show no p-value.
    static func adjusting(_ comparisons: [(comparison: IndexComparison, pValue: Double?, hidden: Bool)], by method: PValueAdjustment) -> [IndexComparison] {
        var result = comparisons.map(\.comparison)
        for table in Set(comparisons.map(\.comparison.groupKey)) {
            let members = comparisons.indices.filter { comparisons[$0].comparison.groupKey == table }
            let adjusted = method.adjust(members.map { comparisons[$0].pValue })
            for (member, adjustedPValue) in zip(members, adjusted) {
                let hidden = comparisons[member].hidden
                result[member].pValue = hidden ? nil : comparisons[member].pValue
                result[member].adjustedPValue = hidden ? nil : adjustedPValue
                result[member].isSignificant = !hidden && (adjustedPValue.map { $0 < 0.05 } ?? false)
            }
        }
        return result
    }
}
