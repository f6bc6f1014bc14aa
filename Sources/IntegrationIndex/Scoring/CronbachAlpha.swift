import Dispatch
import Synchronization

/// Whether the items of a dimension hold together: design-weighted Cronbach's α, as R's
/// `svycralpha` computes it, K/(K − 1)·(1 − Σ var(item) / var(Σ items)) with variances
/// weighted by the sampling weights, over the respondents with every item scored (R's
/// `na.rm = TRUE`). A point estimate, as R gives it.
public struct DimensionReliability: Sendable, Equatable {
    public var dimension: String
    public var items: Int
    /// `nil` with fewer than two items or two complete respondents, or no variance.
    public var alpha: Double?
    /// Respondents with every item of the dimension scored.
    public var n: Int

    public init(dimension: String, items: Int, alpha: Double?, n: Int) {
        self.dimension = dimension
        self.items = items
        self.alpha = alpha
        self.n = n
    }

    /// α of `items` (scores by item, NaN where missing) weighted by `weights`. The n/(n − 1)
    /// factor of R's `svyvar` is the same for every variance here and cancels.
    static func alpha(items: [[Double]], weights: [Double]) -> (alpha: Double?, n: Int) {
        let k = items.count
        guard k >= 2 else { return (nil, 0) }
        var totalWeight = 0.0
        var n = 0
        var sums = [Double](repeating: 0, count: k)
        var squares = [Double](repeating: 0, count: k)
        var totalSum = 0.0
        var totalSquare = 0.0
        for row in weights.indices {
            var total = 0.0
            var complete = true
            for j in 0..<k {
                let score = items[j][row]
                if score.isNaN {
                    complete = false
                    break
                }
                total += score
            }
            guard complete else { continue }
            let w = weights[row]
            totalWeight += w
            n += 1
            for j in 0..<k {
                sums[j] += w * items[j][row]
                squares[j] += w * items[j][row] * items[j][row]
            }
            totalSum += w * total
            totalSquare += w * total * total
        }
        guard n >= 2, totalWeight > 0 else { return (nil, n) }
        func variance(_ sum: Double, _ square: Double) -> Double { square / totalWeight - (sum / totalWeight) * (sum / totalWeight) }
        let itemVariances = (0..<k).reduce(0.0) { $0 + variance(sums[$1], squares[$1]) }
        let totalVariance = variance(totalSum, totalSquare)
        guard totalVariance > 0 else { return (nil, n) }
        return (Double(k) / Double(k - 1) * (1 - itemVariances / totalVariance), n)
    }
}

/// How two dimensions move together: the weighted Pearson correlation of their scores over
/// the respondents with both scored (as R's `cov.wt(cor = TRUE)` with the sampling weights).
/// Two dimensions correlated near 1 measure much the same thing.
public struct DimensionCorrelation: Sendable, Equatable {
    public var first: String
    public var second: String
    /// `nil` with fewer than two respondents or a constant score.
    public var correlation: Double?
    public var n: Int

    public init(first: String, second: String, correlation: Double?, n: Int) {
        self.first = first
        self.second = second
        self.correlation = correlation
        self.n = n
    }

    /// Every pair of `keys`, in order (a before b), from `scores[d][row]` and `weights`.
    static func all(keys: [String], scores: [[Double]], weights: [Double]) -> [DimensionCorrelation] {
        let pairs = keys.indices.flatMap { a in keys.indices.filter { $0 > a }.map { (a, $0) } }
        let results = Mutex([DimensionCorrelation?](repeating: nil, count: pairs.count))
        // The pairs on all cores: each is two passes over the rows.
        DispatchQueue.concurrentPerform(iterations: pairs.count) { index in
            let (a, b) = pairs[index]
            do {
                var sw = 0.0, sx = 0.0, sy = 0.0
                var n = 0
                for row in weights.indices where !scores[a][row].isNaN && !scores[b][row].isNaN {
                    sw += weights[row]
                    sx += weights[row] * scores[a][row]
                    sy += weights[row] * scores[b][row]
                    n += 1
                }
                var correlation: Double?
                if n >= 2, sw > 0 {
                    let mx = sx / sw
                    let my = sy / sw
                    var sxx = 0.0, syy = 0.0, sxy = 0.0
                    for row in weights.indices where !scores[a][row].isNaN && !scores[b][row].isNaN {
                        let dx = scores[a][row] - mx
                        let dy = scores[b][row] - my
                        sxx += weights[row] * dx * dx
                        syy += weights[row] * dy * dy
                        sxy += weights[row] * dx * dy
                    }
                    if sxx > 0, syy > 0 { correlation = sxy / (sxx * syy).squareRoot() }
                }
                let pair = DimensionCorrelation(first: keys[a], second: keys[b], correlation: correlation, n: n)
                results.withLock { $0[index] = pair }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
