/// How `integra simulate` should make data for a study: design sizes, how group columns are
/// distributed and the group effects the simulated scores carry, so tests can find them again.
public struct SimulationSettings: Sendable {
    public var psusPerStratum: ClosedRange<Int>
    /// PSUs in the population of each stratum (written as the fpc column).
    public var populationPSUsPerStratum: Int
    /// Relative shares of the values of categorical group columns, by column; absent: equal.
    public var shares: [String: [String: Double]]
    /// Distributions of numeric columns (age, years in the country).
    public var numbers: [String: NumberDistribution]
    public var effects: [Effect]
    /// Share of rows given a problem found in real field data (a re-submitted id, an answer
    /// code the instrument does not know, a blank weight, a cut-off row), so demos show the
    /// quarantine and the findings at work.
    public var defectRate: Double = 0

    public struct NumberDistribution: Sendable {
        public var minimum: Double
        public var maximum: Double
        /// Mean of the exponential part: values cluster near `minimum` with a long tail.
        public var mean: Double
        public var integer: Bool
    }

    /// A known shift of the latent integration level (on the 0–1 scale).
    public enum Effect: Sendable {
        case category(column: String, value: String, shift: Double)
        /// `slope` per unit of the column, up to `cap` units.
        case slope(column: String, perUnit: Double, cap: Double)
    }
}
