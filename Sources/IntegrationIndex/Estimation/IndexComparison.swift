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
    /// |difference| / SE > t(0.975, df), and neither estimate suppressed: a mark must not
    /// hint at a hidden value.
    public var isSignificant: Bool

    public init(
        indicator: String, groupKey: String, groupValue: String, referenceValue: String, difference: Double, standardError: Double,
        degreesOfFreedom: Int, isSignificant: Bool
    ) {
        self.indicator = indicator
        self.groupKey = groupKey
        self.groupValue = groupValue
        self.referenceValue = referenceValue
        self.difference = difference
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.isSignificant = isSignificant
    }

    /// Whether a difference is significant at 5% with the design's degrees of freedom.
    static func significant(_ difference: Estimate) -> Bool {
        guard difference.degreesOfFreedom > 0, difference.standardError > 0, difference.estimate.isFinite else { return false }
        let t = StudentT.quantile(0.975, degreesOfFreedom: Double(difference.degreesOfFreedom))
        return abs(difference.estimate) / difference.standardError > t
    }
}
