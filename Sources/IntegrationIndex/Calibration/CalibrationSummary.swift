/// What calibration did, for the report's data-quality section and the store: every margin
/// cell's population against the sample before and after, how many iterations, how far the
/// weights moved (g = calibrated / design weight) and what weighting costs in precision.
public struct CalibrationSummary: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var values: [String]
        public var population: Double
        public var respondents: Int
        /// Σ design weights of the cell's respondents.
        public var before: Double
        /// Σ calibrated weights.
        public var after: Double

        public init(values: [String], population: Double, respondents: Int, before: Double, after: Double) {
            self.values = values
            self.population = population
            self.respondents = respondents
            self.before = before
            self.after = after
        }
    }

    public struct Margin: Sendable, Equatable {
        public var variables: [String]
        public var source: String
        public var cells: [Cell]
        public var name: String { variables.joined(separator: " × ") }

        public init(variables: [String], source: String, cells: [Cell]) {
            self.variables = variables
            self.source = source
            self.cells = cells
        }
    }

    public var method: CalibrationMethod
    public var margins: [Margin]
    public var iterations: Int
    public var gRange: ClosedRange<Double>
    /// Joint cells whose g was trimmed (0 without trimming).
    public var trimmedCells: Int
    /// Kish's effective sample size (Σw)²/Σw², of the design and of the calibrated weights.
    public var effectiveNBefore: Double
    public var effectiveNAfter: Double
    /// The design effect due to unequal weights, 1 + CV² = n·Σw²/(Σw)².
    public var weightingEffectBefore: Double
    public var weightingEffectAfter: Double
    /// Replicate weight columns calibrated again (0 for a linearized design).
    public var replicatesCalibrated: Int

    public init(
        method: CalibrationMethod, margins: [Margin], iterations: Int, gRange: ClosedRange<Double>, trimmedCells: Int, effectiveNBefore: Double,
        effectiveNAfter: Double, weightingEffectBefore: Double, weightingEffectAfter: Double, replicatesCalibrated: Int
    ) {
        self.method = method
        self.margins = margins
        self.iterations = iterations
        self.gRange = gRange
        self.trimmedCells = trimmedCells
        self.effectiveNBefore = effectiveNBefore
        self.effectiveNAfter = effectiveNAfter
        self.weightingEffectBefore = weightingEffectBefore
        self.weightingEffectAfter = weightingEffectAfter
        self.replicatesCalibrated = replicatesCalibrated
    }

    static func kish(_ weights: [Double]) -> (effectiveN: Double, effect: Double) {
        var sum = 0.0, squares = 0.0, n = 0
        for w in weights where w > 0 {
            sum += w
            squares += w * w
            n += 1
        }
        let effective = sum * sum / squares
        return (effective, Double(n) / effective)
    }
}
