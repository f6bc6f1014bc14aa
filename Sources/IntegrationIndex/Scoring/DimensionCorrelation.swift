import CVectorSums
import Dispatch
import Synchronization

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
        guard !pairs.isEmpty else { return [] }
        // Four pairs a lane group, a vector lane each, and the groups shared out between the
        // cores, each core's groups summed together a block of rows at a time.
        let groups = stride(from: 0, to: pairs.count, by: 4).map { $0..<min($0 + 4, pairs.count) }
        // At least one part: a table of no rows has no row ranges, but its pairs are reported.
        let parts = max(1, min(groups.count, RowRanges.perCore(weights.count).count))
        let results = Mutex([DimensionCorrelation?](repeating: nil, count: pairs.count))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let mine = Array(groups[(part * groups.count / parts)..<((part + 1) * groups.count / parts)])
            // A lane past a group's last pair repeats it; its sums are dropped.
            let lanes = mine.map { group in (0..<4).map { pairs[min(group.lowerBound + $0, group.upperBound - 1)] } }
            let sums = Self.sums(lanes: lanes, scores: scores, weights: weights)
            for (group, sums) in zip(mine, sums) {
                for lane in 0..<group.count {
                    let (a, b) = pairs[group.lowerBound + lane]
                    let (n, sxx, syy, sxy) = (Int(sums.n[lane]), sums.sxx[lane], sums.syy[lane], sums.sxy[lane])
                    let correlation = n >= 2 && sums.sw[lane] > 0 && sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : nil
                    let pair = DimensionCorrelation(first: keys[a], second: keys[b], correlation: correlation, n: n)
                    results.withLock { $0[group.lowerBound + lane] = pair }
                }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// One lane group's sums, a lane per pair: Σw, then around the weighted means Σw·dx²,
    /// Σw·dy², Σw·dx·dy.
    private struct LaneSums {
        let n: SIMD4<Int64>
        let sw: SIMD4<Double>, sx: SIMD4<Double>, sy: SIMD4<Double>
        let sxx: SIMD4<Double>, syy: SIMD4<Double>, sxy: SIMD4<Double>

        /// The lanes of C's sums (`integra_pair_sums_first` and `_second`).
        init(_ sums: IntegraPairSums) {
            func lanes(_ t: (Double, Double, Double, Double)) -> SIMD4<Double> { SIMD4(t.0, t.1, t.2, t.3) }
            n = SIMD4(sums.n.0, sums.n.1, sums.n.2, sums.n.3)
            (sw, sx, sy) = (lanes(sums.sw), lanes(sums.sx), lanes(sums.sy))
            (sxx, syy, sxy) = (lanes(sums.sxx), lanes(sums.syy), lanes(sums.sxy))
        }

        /// Each lane's weighted means of x and of y, four lanes each, as the second pass reads them.
        var means: [[Double]] { [sx / sw, sy / sw].map { mean in (0..<4).map { mean[$0] } } }
    }

    /// The sums of each lane group's four pairs (`lanes[group][lane]`, dimension indices)
    /// over the rows with both scores.
    ///
    /// Why lanes: each sum adds its rows in order, and each add waits for the last, so one
    /// pair's pass went at the pace of that wait; four pairs side by side share it. A row
    /// missing a score adds +0 to its lane where a pair of its own skipped the row, which
    /// changes no sum (sums start at +0, which an add of ±0 leaves +0; any other x + 0 is x):
    /// the sums are the same to the bit. The loops are C's (`integra_pair_sums_first` and
    /// `_second`): four doubles are one vector on processors with AVX2, where Swift's
    /// `SIMD4<Double>` is two halves on its baseline target.
    ///
    /// Why blocks: every group reads a block of rows while its scores are in cache, where a
    /// pass of its own over the whole columns for each group read them from memory once per
    /// group (this was memory-bound). Each sum still adds its rows in order.
    private static func sums(lanes: [[(Int, Int)]], scores: [[Double]], weights: [Double]) -> [LaneSums] {
        var sums = [IntegraPairSums](repeating: IntegraPairSums(), count: lanes.count)
        guard !weights.isEmpty else { return sums.map(LaneSums.init) }
        let block = 2048
        scores.withUnsafeBuffers { columns in
            weights.withUnsafeBufferPointer { weights in
                let x = lanes.map { $0.map { columns[$0.0].baseAddress } }
                let y = lanes.map { $0.map { columns[$0.1].baseAddress } }
                for first in stride(from: 0, to: weights.count, by: block) {
                    let end = min(first + block, weights.count)
                    for group in sums.indices { integra_pair_sums_first(x[group], y[group], weights.baseAddress, first, end, &sums[group]) }
                }
                let means = sums.map { LaneSums($0).means }
                for first in stride(from: 0, to: weights.count, by: block) {
                    let end = min(first + block, weights.count)
                    for group in sums.indices {
                        integra_pair_sums_second(x[group], y[group], weights.baseAddress, first, end, means[group][0], means[group][1], &sums[group])
                    }
                }
            }
        }
        return sums.map(LaneSums.init)
    }
}

