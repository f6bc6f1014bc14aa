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
        var n = SIMD4<Int64>.zero
        var sw = SIMD4<Double>.zero, sx = SIMD4<Double>.zero, sy = SIMD4<Double>.zero
        var sxx = SIMD4<Double>.zero, syy = SIMD4<Double>.zero, sxy = SIMD4<Double>.zero
    }

    /// The sums of each lane group's four pairs (`lanes[group][lane]`, dimension indices)
    /// over the rows with both scores.
    ///
    /// Why lanes: each sum adds its rows in order, and each add waits for the last, so one
    /// pair's pass went at the pace of that wait; four pairs side by side share it. A row
    /// missing a score adds +0 to its lane where a pair of its own skipped the row, which
    /// changes no sum (sums start at +0, which an add of ±0 leaves +0; any other x + 0 is x):
    /// the sums are the same to the bit.
    ///
    /// Why blocks: every group reads a block of rows while its scores are in cache, where a
    /// pass of its own over the whole columns for each group read them from memory once per
    /// group (this was memory-bound). Each sum still adds its rows in order.
    private static func sums(lanes: [[(Int, Int)]], scores: [[Double]], weights: [Double]) -> [LaneSums] {
        typealias Lanes = SIMD4<Double>
        var sums = [LaneSums](repeating: LaneSums(), count: lanes.count)
        guard !weights.isEmpty else { return sums }
        let block = 2048
        scores.withUnsafeBuffers { columns in
            weights.withUnsafeBufferPointer { weights in
                // A row's four pairs' scores, which lanes have both, and its weight there (0
                // in the others).
                @inline(__always) func pairs(_ row: Int, _ x: FourColumns, _ y: FourColumns) -> (x: Lanes, y: Lanes, both: SIMDMask<SIMD4<Int64>>, w: Lanes) {
                    let x = x[row], y = y[row]
                    let both = (x .== x) .& (y .== y)
                    return (x, y, both, Lanes(repeating: weights[row]).replacing(with: 0, where: .!both))
                }
                let x = lanes.map { FourColumns($0.map { columns[$0.0] }) }
                let y = lanes.map { FourColumns($0.map { columns[$0.1] }) }
                for first in stride(from: 0, to: weights.count, by: block) {
                    let rows = first..<min(first + block, weights.count)
                    for group in sums.indices {
                        let (x, y) = (x[group], y[group])
                        var s = sums[group]
                        for row in rows {
                            let (x, y, both, w) = pairs(row, x, y)
                            s.sw += w
                            s.sx += w * x.replacing(with: 0, where: .!both)
                            s.sy += w * y.replacing(with: 0, where: .!both)
                            s.n &+= SIMD4<Int64>.zero.replacing(with: 1, where: both)
                        }
                        sums[group] = s
                    }
                }
                let means = sums.map { (x: $0.sx / $0.sw, y: $0.sy / $0.sw) }
                for first in stride(from: 0, to: weights.count, by: block) {
                    let rows = first..<min(first + block, weights.count)
                    for group in sums.indices {
                        let (x, y) = (x[group], y[group])
                        let (mx, my) = means[group]
                        var s = sums[group]
                        for row in rows {
                            let (x, y, both, w) = pairs(row, x, y)
                            let dx = (x - mx).replacing(with: 0, where: .!both), dy = (y - my).replacing(with: 0, where: .!both)
                            s.sxx += w * dx * dx
                            s.syy += w * dy * dy
                            s.sxy += w * dx * dy
                        }
                        sums[group] = s
                    }
                }
            }
        }
        return sums
    }
}

/// Four score columns read as one vector a row, a lane each.
private struct FourColumns {
    let c0, c1, c2, c3: UnsafePointer<Double>

    init(_ columns: [UnsafeBufferPointer<Double>]) {
        (c0, c1, c2, c3) = (columns[0].baseAddress!, columns[1].baseAddress!, columns[2].baseAddress!, columns[3].baseAddress!)
    }

    @inline(__always)
    subscript(row: Int) -> SIMD4<Double> { SIMD4(c0[row], c1[row], c2[row], c3[row]) }
}
