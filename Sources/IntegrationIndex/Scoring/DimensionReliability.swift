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
