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
        // An item at a time over all rows: each row's total still adds its items in order, and
        // a missing item (NaN) leaves the row's total NaN, which marks it incomplete.
        let rows = weights.count
        var totals = [Double](repeating: 0, count: rows)
        for item in items {
            item.withUnsafeBufferPointer { scores in
                for row in 0..<rows { totals[row] += scores[row] }
            }
        }
        for row in 0..<rows where !totals[row].isNaN {
            let w = weights[row]
            totalWeight += w
            n += 1
            totalSum += w * totals[row]
            totalSquare += w * totals[row] * totals[row]
        }
        for (j, item) in items.enumerated() {
            item.withUnsafeBufferPointer { scores in
                var sum = 0.0
                var square = 0.0
                for row in 0..<rows where !totals[row].isNaN {
                    let w = weights[row]
                    sum += w * scores[row]
                    square += w * scores[row] * scores[row]
                }
                sums[j] = sum
                squares[j] = square
            }
        }
        guard n >= 2, totalWeight > 0 else { return (nil, n) }
        func variance(_ sum: Double, _ square: Double) -> Double { square / totalWeight - (sum / totalWeight) * (sum / totalWeight) }
        let itemVariances = (0..<k).reduce(0.0) { $0 + variance(sums[$1], squares[$1]) }
        let totalVariance = variance(totalSum, totalSquare)
        guard totalVariance > 0 else { return (nil, n) }
        return (Double(k) / Double(k - 1) * (1 - itemVariances / totalVariance), n)
    }
}
