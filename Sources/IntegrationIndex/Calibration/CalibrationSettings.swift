/// What calibration a study or `integra estimate` asks for: the method, the population
/// margins, and how hard to try. Defaults are tighter than R's (`rake` stops when no weight
/// moves by 1, `calibrate` at 1e-7): the work is on cell totals, so exactness is cheap.
public struct CalibrationSettings: Sendable, Equatable {
    public var method: CalibrationMethod
    public var margins: [PopulationMargin]
    /// Converged when every margin cell is within this share of its population
    /// (|achieved − population| / (1 + population), as R's `grake`).
    public var tolerance = 1e-10
    public var maxIterations = 100
    /// Bounds on g = calibrated / design weight, for `linear`, `raking` and `logit`
    /// (required for `logit`). As in R, when the weights sum to less than a twentieth of
    /// every margin they are scaled up first and the bounds apply after that scaling.
    public var bounds: ClosedRange<Double>?
    /// After calibration, g outside these bounds is set to the bound and what was cut is
    /// spread over the other respondents in proportion to their design weights (R's
    /// `calibrate(trim =)`), for `linear`, `raking` and `logit`.
    public var trim: ClosedRange<Double>?

    public init(method: CalibrationMethod, margins: [PopulationMargin]) {
        self.method = method
        self.margins = margins
    }

    /// Settings that cannot work whatever the data: checked before any row is read.
    public func check() throws {
        guard !margins.isEmpty else { throw CalibrationError("calibration needs at least one population margin") }
        if method == .poststratify, margins.count > 1 {
            throw CalibrationError("poststratify uses one margin, the full crossing of its variables (found \(margins.count)); use rake or linear for several margins")
        }
        if method == .logit {
            guard let bounds, bounds.lowerBound < 1, bounds.upperBound > 1 else {
                throw CalibrationError("logit calibration needs bounds with lower < 1 < upper (for example 0.5,2)")
            }
        }
        if let bounds, !method.isRegression {
            throw CalibrationError("bounds [\(bounds.lowerBound), \(bounds.upperBound)] apply to linear, raking and logit calibration, not \(method.rawValue)")
        }
        if let trim {
            guard method.isRegression else {
                throw CalibrationError("trimming applies to linear, raking and logit calibration (R's calibrate(trim =)), not \(method.rawValue); raking with bounds keeps weights within limits")
            }
            guard trim.lowerBound < trim.upperBound, trim.lowerBound >= 0 else { throw CalibrationError("trim bounds must be 0 ≤ lower < upper") }
        }
        guard tolerance > 0, maxIterations >= 1 else { throw CalibrationError("the tolerance must be positive and the iteration limit at least 1") }
        var seen: [Set<String>: String] = [:]
        for margin in margins {
            if let other = seen[Set(margin.variables)] {
                throw CalibrationError("margins \(other) and \(margin.source) are over the same variables (\(margin.name))")
            }
            seen[Set(margin.variables)] = margin.source
            if Set(margin.variables).count < margin.variables.count {
                throw CalibrationError("margin \(margin.source) names a variable twice (\(margin.name))")
            }
        }
    }
}
