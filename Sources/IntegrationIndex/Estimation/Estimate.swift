/// One estimate with everything a published table needs about its precision.
public struct Estimate: Sendable, Equatable {
    public var statistic: Statistic
    public var variable: String
    public var level: String?
    /// The group variable's key; empty for the whole population.
    public var partition: String
    /// The group's values, one per crossed column; empty for the whole population.
    public var domain: [String]
    /// Rows in the domain with a value (unweighted).
    public var n: Int
    public var weightedN: Double
    /// NaN when the domain has no weight at all.
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Int
    /// `nil` when the interval is undefined (df ≤ 0, or a proportion of 0 or 1).
    public var interval: ClosedRange<Double>?
    public var designEffect: Double?

    /// SE / estimate; `nil` when the estimate is 0 or missing.
    public var coefficientOfVariation: Double? {
        guard estimate.isFinite, estimate != 0 else { return nil }
        return standardError / abs(estimate)
    }
}
