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

    /// α of `items` (scores by item, NaN where missing) weighted by `weights`.
    static func alpha(items: [[Double]], weights: [Double]) -> (alpha: Double?, n: Int) {
        alpha(items: items.map(ItemScoreSource.column), weights: weights)
    }

    /// α of the items whose scores `items` give, weighted by `weights`, in one pass over the
    /// rows. The n/(n − 1) factor of R's `svyvar` is the same for every variance here and
    /// cancels.
    static func alpha(items: [ItemScoreSource], weights: [Double]) -> (alpha: Double?, n: Int) {
        let k = items.count
        guard k >= 2 else { return (nil, 0) }
        let sums = Sums(items: items, weights: weights)
        let totalWeight = sums.totalWeight
        guard sums.n >= 2, totalWeight > 0 else { return (nil, sums.n) }
        func variance(_ sum: Double, _ square: Double) -> Double { square / totalWeight - (sum / totalWeight) * (sum / totalWeight) }
        let itemVariances = (0..<k).reduce(0.0) { $0 + variance(sums.sums[$1], sums.squares[$1]) }
        let totalVariance = variance(sums.totalSum, sums.totalSquare)
        guard totalVariance > 0 else { return (nil, sums.n) }
        return (Double(k) / Double(k - 1) * (1 - itemVariances / totalVariance), sums.n)
    }

    /// α of every dimension (`items`: its items' scores), a dimension per core at a time,
    /// the largest first. Each dimension is one pass over the rows: shared out between the
    /// cores by items, each core had to read every item of the block to know which rows
    /// were complete, so every item's scores were read twice.
    static func all(_ dimensions: [(key: String, items: [ItemScoreSource])], weights: [Double]) -> [DimensionReliability] {
        let order = dimensions.indices.sorted { dimensions[$0].items.count > dimensions[$1].items.count }
        let found = Mutex([DimensionReliability?](repeating: nil, count: dimensions.count))
        DispatchQueue.concurrentPerform(iterations: dimensions.count) { task in
            let (key, items) = dimensions[order[task]]
            let (alpha, n) = alpha(items: items, weights: weights)
            found.withLock { $0[order[task]] = DimensionReliability(dimension: key, items: items.count, alpha: alpha, n: n) }
        }
        return found.withLock { $0.map { $0! } }
    }

    /// The weighted sums of every item over the respondents with every item scored, and
    /// those of their totals (Σ items).
    private struct Sums: Sendable {
        var sums: [Double]
        var squares: [Double]
        var totalWeight = 0.0
        var n = 0
        var totalSum = 0.0
        var totalSquare = 0.0

        init(items: [ItemScoreSource], weights: [Double]) {
            sums = [Double](repeating: 0, count: items.count)
            squares = sums
            // A block of rows at a time: every item's scores of the block written to a buffer
            // of its own (`ItemScoreSource`), then the row totals, an item (or four) at a
            // time. Each row's total still adds its items in order, each item's sums still
            // add its rows in order, and a missing item (NaN) leaves the row's total NaN,
            // which marks it incomplete. The block's totals and scores stay in cache between
            // the passes.
            let rows = weights.count
            let block = 4096
            var totals = [Double](repeating: 0, count: block)
            var blockScores = [Double](repeating: 0, count: items.count * block)
            weights.withUnsafeBufferPointer { weights in
                totals.withUnsafeMutableBufferPointer { totals in
                    blockScores.withUnsafeMutableBufferPointer { blockScores in
                        // Item k's scores of the block, from `scores(k)[0]`.
                        func scores(_ item: Int) -> UnsafeMutablePointer<Double> { blockScores.baseAddress! + item * block }
                        for first in stride(from: 0, to: rows, by: block) {
                            let count = min(block, rows - first)
                            for (item, source) in items.enumerated() { source.write(first..<(first + count), to: scores(item)) }
                            for index in 0..<count { totals[index] = 0 }
                            for item in items.indices {
                                // Four rows' adds at a time (each row's own add, so the same
                                // sums): the compiler kept this loop scalar, a load, an add
                                // and a store per row, for fear the buffers overlap.
                                let target = UnsafeMutableRawPointer(totals.baseAddress!)
                                let source = UnsafeRawPointer(scores(item))
                                var index = 0
                                while index + 4 <= count {
                                    let sum = target.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
                                        + source.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
                                    target.storeBytes(of: sum, toByteOffset: index * 8, as: SIMD4<Double>.self)
                                    index += 4
                                }
                                for index in index..<count { totals[index] += scores(item)[index] }
                            }
                            // In locals, carried on from the last block: as the struct's own
                            // properties each add waited for the store of the last.
                            var (totalWeight, n, totalSum, totalSquare) = (self.totalWeight, self.n, self.totalSum, self.totalSquare)
                            for index in 0..<count where !totals[index].isNaN {
                                let w = weights[first + index]
                                totalWeight += w
                                n += 1
                                totalSum += w * totals[index]
                                totalSquare += w * totals[index] * totals[index]
                            }
                            (self.totalWeight, self.n, self.totalSum, self.totalSquare) = (totalWeight, n, totalSum, totalSquare)
                            // Four items a pass, a vector lane each (a lane past the last item
                            // repeats it, and its sums are dropped): each item's sums still add
                            // its rows in order, but one add's wait for the last serves four.
                            let last = items.count - 1
                            for group in stride(from: 0, to: items.count, by: 4) {
                                let (s0, s1, s2, s3) = (scores(group), scores(min(group + 1, last)), scores(min(group + 2, last)), scores(min(group + 3, last)))
                                // The running sums carry on from the last block.
                                let kept = 0..<min(4, items.count - group)
                                var sum = SIMD4<Double>.zero, square = SIMD4<Double>.zero
                                for lane in kept {
                                    sum[lane] = sums[group + lane]
                                    square[lane] = squares[group + lane]
                                }
                                for index in 0..<count where !totals[index].isNaN {
                                    let w = SIMD4(repeating: weights[first + index])
                                    let score = SIMD4(s0[index], s1[index], s2[index], s3[index])
                                    sum += w * score
                                    square += w * score * score
                                }
                                for lane in kept {
                                    sums[group + lane] = sum[lane]
                                    squares[group + lane] = square[lane]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
