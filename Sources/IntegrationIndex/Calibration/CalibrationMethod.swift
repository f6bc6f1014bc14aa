/// How calibrated weights are made from the design weights, named as in R's `survey`:
///
/// - `poststratify`: one margin (a full crossing), each cell's weights scaled to its
///   population (`postStratify`);
/// - `rake`: iterative proportional fitting to several margins (`rake`);
/// - `linear`, `raking`, `logit`: generalized regression calibration with that distance
///   (`calibrate(calfun =)`): linear (GREG), raking (exponential, the weights raking gives
///   with a regression variance), logit (bounded).
///
/// `rake` and `raking` give the same weights; their variances differ as R's do (`rake`'s
/// residuals come from alternating projections, `raking`'s from one regression).
public enum CalibrationMethod: String, Sendable, CaseIterable {
    case poststratify
    case rake
    case linear
    case raking
    case logit

    /// Whether the weights come from a regression model's distance function (`calibrate`).
    var isRegression: Bool { self == .linear || self == .raking || self == .logit }
}
