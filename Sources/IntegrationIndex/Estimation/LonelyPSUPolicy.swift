/// What to do with a stratum that has a single PSU, whose variance cannot be estimated
/// (R's `options(survey.lonely.psu = ...)`).
public enum LonelyPSUPolicy: String, Sendable, CaseIterable {
    /// Stop with an error naming the stratum (the default: a design choice must be explicit).
    case fail
    /// The stratum contributes nothing to the variance.
    case remove
    /// Same as `remove`: the PSU was sampled with certainty.
    case certainty
    /// Centre the lonely PSU at the grand mean of all PSU totals.
    case adjust
    /// Scale the variance of the other strata up to all strata.
    case average
}
