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
        // The pairs on all cores: each is two passes over the rows.
        DispatchQueue.concurrentPerform(iterations: pairs.count) { index in
            let (a, b) = pairs[index]
            var n = 0
            var correlation: Double?
            scores[a].withUnsafeBufferPointer { x in
                scores[b].withUnsafeBufferPointer { y in
                    weights.withUnsafeBufferPointer { weights in
                        var sw = 0.0, sx = 0.0, sy = 0.0
                        for row in weights.indices where !x[row].isNaN && !y[row].isNaN {
                            sw += weights[row]
                            sx += weights[row] * x[row]
                            sy += weights[row] * y[row]
                            n += 1
                        }
                        guard n >= 2, sw > 0 else { return }
                        let mx = sx / sw
                        let my = sy / sw
                        var sxx = 0.0, syy = 0.0, sxy = 0.0
                        for row in weights.indices where !x[row].isNaN && !y[row].isNaN {
                            let dx = x[row] - mx
                            let dy = y[row] - my
                            sxx += weights[row] * dx * dx
                            syy += weights[row] * dy * dy
                            sxy += weights[row] * dx * dy
                        }
                        if sxx > 0, syy > 0 { correlation = sxy / (sxx * syy).squareRoot() }
                    }
                }
            }
            let pair = DimensionCorrelation(first: keys[a], second: keys[b], correlation: correlation, n: n)
            results.withLock { $0[index] = pair }
        }
        return results.withLock { $0.map { $0! } }
    }
}
