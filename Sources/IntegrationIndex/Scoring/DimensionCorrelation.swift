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
        let results = Mutex([DimensionCorrelation?](repeating: nil, count: pairs.count))
        // Four pairs a pass, a vector lane each, and the passes on all cores.
        let blocks = stride(from: 0, to: pairs.count, by: 4).map { $0..<min($0 + 4, pairs.count) }
        DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
            let block = blocks[index]
            // A lane past the block's last pair repeats it; its sums are dropped.
            let lanes = (0..<4).map { pairs[min(block.lowerBound + $0, block.upperBound - 1)] }
            let sums = Self.sums(x: lanes.map { scores[$0.0] }, y: lanes.map { scores[$0.1] }, weights: weights)
            for lane in 0..<block.count {
                let (a, b) = lanes[lane]
                let (n, sxx, syy, sxy) = (Int(sums.n[lane]), sums.sxx[lane], sums.syy[lane], sums.sxy[lane])
                let correlation = n >= 2 && sums.sw[lane] > 0 && sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : nil
                let pair = DimensionCorrelation(first: keys[a], second: keys[b], correlation: correlation, n: n)
                results.withLock { $0[block.lowerBound + lane] = pair }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// The sums of four pairs' correlations over the rows with both scores, a lane each: Σw,
    /// then around the weighted means Σw·dx², Σw·dy², Σw·dx·dy.
    ///
    /// Why lanes: each sum adds its rows in order, and each add waits for the last, so one
    /// pair's pass went at the pace of that wait; four pairs side by side share it. A row
    /// missing a score adds +0 to its lane where a pair of its own skipped the row, which
    /// changes no sum (sums start at +0, which an add of ±0 leaves +0; any other x + 0 is x):
    /// the sums are the same to the bit.
    private static func sums(x: [[Double]], y: [[Double]], weights: [Double]) -> (n: SIMD4<Int64>, sw: SIMD4<Double>, sxx: SIMD4<Double>, syy: SIMD4<Double>, sxy: SIMD4<Double>) {
        typealias Lanes = SIMD4<Double>
        var n = SIMD4<Int64>.zero
        var sw = Lanes.zero, sx = Lanes.zero, sy = Lanes.zero
        var sxx = Lanes.zero, syy = Lanes.zero, sxy = Lanes.zero
        (x + y).withUnsafeBuffers { columns in
            let (x0, x1, x2, x3) = (columns[0], columns[1], columns[2], columns[3])
            let (y0, y1, y2, y3) = (columns[4], columns[5], columns[6], columns[7])
            weights.withUnsafeBufferPointer { weights in
                // A row's four pairs' scores, which lanes have both, and its weight there (0
                // in the others).
                @inline(__always) func lanes(_ row: Int) -> (x: Lanes, y: Lanes, both: SIMDMask<SIMD4<Int64>>, w: Lanes) {
                    let x = Lanes(x0[row], x1[row], x2[row], x3[row]), y = Lanes(y0[row], y1[row], y2[row], y3[row])
                    let both = (x .== x) .& (y .== y)
                    return (x, y, both, Lanes(repeating: weights[row]).replacing(with: 0, where: .!both))
                }
                for row in weights.indices {
                    let (x, y, both, w) = lanes(row)
                    sw += w
                    sx += w * x.replacing(with: 0, where: .!both)
                    sy += w * y.replacing(with: 0, where: .!both)
                    n &+= SIMD4<Int64>.zero.replacing(with: 1, where: both)
                }
                let mx = sx / sw, my = sy / sw
                for row in weights.indices {
                    let (x, y, both, w) = lanes(row)
                    let dx = (x - mx).replacing(with: 0, where: .!both), dy = (y - my).replacing(with: 0, where: .!both)
                    sxx += w * dx * dx
                    syy += w * dy * dy
                    sxy += w * dx * dy
                }
            }
        }
        return (n, sw, sxx, syy, sxy)
    }
}
