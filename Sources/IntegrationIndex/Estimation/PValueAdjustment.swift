/// How the p-values of a table's comparisons are adjusted for their number, so that a star
/// in a table of forty comparisons means what it says: Holm's step-down method (the
/// family-wise error rate, the default) or Benjamini–Hochberg's (the false discovery rate).
/// Both as R's `p.adjust`.
public enum PValueAdjustment: String, Sendable, CaseIterable {
    case holm
    case benjaminiHochberg = "bh"
    case none

    /// The adjusted p-values, in the order given; `nil` stays `nil` and does not count.
    public func adjust(_ pValues: [Double?]) -> [Double?] {
        let present = pValues.indices.filter { pValues[$0] != nil }.sorted { (pValues[$0]!, $0) < (pValues[$1]!, $1) }
        let m = Double(present.count)
        var adjusted = pValues
        switch self {
        case .none:
            break
        case .holm:
            // p_(i) · (m − i + 1), made non-decreasing, at most 1.
            var running = 0.0
            for (i, index) in present.enumerated() {
                running = max(running, min(1, (m - Double(i)) * pValues[index]!))
                adjusted[index] = running
            }
        case .benjaminiHochberg:
            // p_(i) · m / i, made non-increasing from the largest, at most 1.
            var running = 1.0
            for (i, index) in present.enumerated().reversed() {
                running = min(running, m / Double(i + 1) * pValues[index]!)
                adjusted[index] = running
            }
        }
        return adjusted
    }
}

extension StudentT {
    /// The two-sided p-value of t with df degrees of freedom, I_x(df/2, 1/2) with
    /// x = df/(df + t²): exact also far in the tail, where 1 − cdf would lose every digit.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom df: Double) -> Double {
        regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    }
}
