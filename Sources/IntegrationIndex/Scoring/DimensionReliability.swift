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
        // A block of rows at a time, and in a block an item at a time: each row's total still
        // adds its items in order, each item's sums still add its rows in order, and a
        // missing item (NaN) leaves the row's total NaN, which marks it incomplete. The
        // block's totals and scores stay in cache between the passes, where whole columns
        // went to memory and back once per pass.
        let rows = weights.count
        let block = 4096
        var totals = [Double](repeating: 0, count: block)
        weights.withUnsafeBufferPointer { weights in
            totals.withUnsafeMutableBufferPointer { totals in
                for first in stride(from: 0, to: rows, by: block) {
                    let count = min(block, rows - first)
                    for index in 0..<count { totals[index] = 0 }
                    for item in items {
                        item.withUnsafeBufferPointer { scores in
                            for index in 0..<count { totals[index] += scores[first + index] }
                        }
                    }
                    for index in 0..<count where !totals[index].isNaN {
                        let w = weights[first + index]
                        totalWeight += w
                        n += 1
                        totalSum += w * totals[index]
                        totalSquare += w * totals[index] * totals[index]
                    }
                    for (j, item) in items.enumerated() {
                        item.withUnsafeBufferPointer { scores in
                            var sum = sums[j]
                            var square = squares[j]
                            for index in 0..<count where !totals[index].isNaN {
                                let w = weights[first + index]
                                let score = scores[first + index]
                                sum += w * score
                                square += w * score * score
                            }
                            sums[j] = sum
                            squares[j] = square
                        }
                    }
                }
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
