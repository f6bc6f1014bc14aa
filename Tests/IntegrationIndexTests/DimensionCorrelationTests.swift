import Testing
@testable import IntegrationIndex

/// `DimensionCorrelation.all` sums four pairs a pass, a vector lane each; each pair's
/// correlation must be the one its own two passes over the rows give, to the bit, with
/// missing scores (a different set of rows for each pair), negative scores and zero weights.
@Suite struct DimensionCorrelationTests {
    /// A pair the plain way: the rows with both scores, in order, in two passes.
    static func plain(_ x: [Double], _ y: [Double], weights: [Double]) -> (correlation: Double?, n: Int) {
        let both = weights.indices.filter { !x[$0].isNaN && !y[$0].isNaN }
        var sw = 0.0, sx = 0.0, sy = 0.0
        for row in both {
            sw += weights[row]
            sx += weights[row] * x[row]
            sy += weights[row] * y[row]
        }
        guard both.count >= 2, sw > 0 else { return (nil, both.count) }
        let mx = sx / sw, my = sy / sw
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for row in both {
            let dx = x[row] - mx, dy = y[row] - my
            sxx += weights[row] * dx * dx
            syy += weights[row] * dy * dy
            sxy += weights[row] * dx * dy
        }
        return (sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : nil, both.count)
    }

    @Test(arguments: [2, 3, 5, 7])
    func everyPairIsThatOfItsOwnPasses(dimensions: Int) {
        var random = SeededGenerator(seed: UInt64(dimensions))
        let rows = 20_011
        let scores = (0..<dimensions).map { d in
            (0..<rows).map { _ -> Double in
                switch random.next() % 12 {
                case 0: .nan
                case 1: d == 0 ? .nan : -Double(random.next() % 1000) / 7
                default: Double(random.next() % 100_000) / 1000
                }
            }
        }
        let weights = (0..<rows).map { _ in random.next() % 10 == 0 ? 0 : 0.5 + Double(random.next() % 10_000) / 997 }
        let keys = (0..<dimensions).map { "d\($0)" }
        let all = DimensionCorrelation.all(keys: keys, scores: scores, weights: weights)
        let pairs = keys.indices.flatMap { a in keys.indices.filter { $0 > a }.map { (a, $0) } }
        #expect(all.count == pairs.count)
        for (found, (a, b)) in zip(all, pairs) {
            let expected = Self.plain(scores[a], scores[b], weights: weights)
            #expect(found.first == keys[a] && found.second == keys[b])
            #expect(found.n == expected.n)
            #expect(found.correlation?.bitPattern == expected.correlation?.bitPattern, "\(keys[a]) × \(keys[b])")
        }
    }

    /// A pair with one respondent scored on both has no correlation; nor has a constant score.
    @Test func tooFewRowsOrAConstantScoreGiveNone() {
        let all = DimensionCorrelation.all(
            keys: ["a", "b", "c"], scores: [[1, .nan, 3, 4], [2, 5, .nan, .nan], [7, 7, 7, 7]], weights: [1, 1, 1, 1])
        #expect(all.map(\.n) == [1, 3, 2])
        #expect(all.allSatisfy { $0.correlation == nil })
    }

    /// No rows: every pair has n 0 and no correlation (the pairs are still shared out).
    @Test func noRowsGiveEveryPairNone() {
        let all = DimensionCorrelation.all(keys: ["a", "b", "c"], scores: [[], [], []], weights: [])
        #expect(all.map(\.first) == ["a", "a", "b"] && all.map(\.second) == ["b", "c", "c"])
        #expect(all.allSatisfy { $0.n == 0 && $0.correlation == nil })
    }
}
