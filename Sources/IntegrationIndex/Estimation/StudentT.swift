import Foundation
import Synchronization

/// Student's t distribution, for design-based intervals with the design's degrees of
/// freedom. The quantile is found by bisection on the CDF, which is written through the
/// regularized incomplete beta function, so it agrees with R's `qt` to machine precision.
public enum StudentT {
    public static func cdf(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let x = df / (df + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The p-quantile for p in (0, 1) and df > 0. Kept once found: a run asks for the same
    /// few (level, df) pairs for each of its thousands of intervals, and each bisection costs
    /// some sixty evaluations of the incomplete beta.
    public static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        let key = QuantileKey(p: p, df: df)
        if let known = foundQuantiles.withLock({ $0[key] }) { return known }
        let found = bisectedQuantile(p, degreesOfFreedom: df)
        foundQuantiles.withLock { $0[key] = found }
        return found
    }

    private struct QuantileKey: Hashable {
        var p: Double
        var df: Double
    }

    private static let foundQuantiles = Mutex<[QuantileKey: Double]>([:])

    private static func bisectedQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        if p < 0.5 { return -bisectedQuantile(1 - p, degreesOfFreedom: df) }
        var low = 0.0
        var high = 1.0
        while cdf(high, degreesOfFreedom: df) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle, degreesOfFreedom: df) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// I_x(a, b) by the continued fraction (Lentz's method), using the symmetry relation
    /// where the fraction converges slowly.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return result
    }
}
