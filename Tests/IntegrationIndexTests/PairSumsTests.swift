import CVectorSums
import Testing
@testable import IntegrationIndex

/// The correlations' lane sums (`integra_pair_sums_first` and `_second`, in C), both variants
/// (AVX2, which this machine's and CI's processors have, and the baseline for any other),
/// lane by lane against one pair's sums made one row at a time, skipping rows without both
/// scores: the same to the bit (a lane adds +0 for such a row).
@Suite struct PairSumsTests {
    @Test(arguments: [false, true])
    func bothPassesSumAsOnePairsOwnLoop(baseline: Bool) {
        var random = SeededGenerator(seed: baseline ? 5 : 6)
        let rows = 3_000
        let columns = (0..<5).map { _ in
            (0..<rows).map { _ in random.next() % 6 == 0 ? Double.nan : Double(random.next() % 10_000) / 77 }
        }
        let weights = (0..<rows).map { _ in random.next() % 9 == 0 ? 0 : Double(random.next() % 1_000) / 300 }
        let pairs = [(0, 1), (2, 3), (4, 0), (1, 1)]
        var sums = IntegraPairSums()
        var means: [[Double]] = []
        columns.withUnsafeBuffers { columns in
            let x = pairs.map { columns[$0.0].baseAddress }, y = pairs.map { columns[$0.1].baseAddress }
            // In two ranges, as the correlations' blocks of rows.
            for range in [0..<1_234, 1_234..<rows] {
                (baseline ? integra_pair_sums_first_baseline : integra_pair_sums_first)(x, y, weights, range.lowerBound, range.upperBound, &sums)
            }
            let sw = [sums.sw.0, sums.sw.1, sums.sw.2, sums.sw.3], sx = [sums.sx.0, sums.sx.1, sums.sx.2, sums.sx.3]
            let sy = [sums.sy.0, sums.sy.1, sums.sy.2, sums.sy.3]
            means = [(0..<4).map { sx[$0] / sw[$0] }, (0..<4).map { sy[$0] / sw[$0] }]
            for range in [0..<777, 777..<rows] {
                (baseline ? integra_pair_sums_second_baseline : integra_pair_sums_second)(
                    x, y, weights, range.lowerBound, range.upperBound, means[0], means[1], &sums)
            }
        }
        let lanes: [[UInt64]] = (0..<4).map { lane in
            func at(_ t: (Double, Double, Double, Double)) -> UInt64 { [t.0, t.1, t.2, t.3][lane].bitPattern }
            let n = [sums.n.0, sums.n.1, sums.n.2, sums.n.3][lane]
            return [UInt64(n), at(sums.sw), at(sums.sx), at(sums.sy), at(sums.sxx), at(sums.syy), at(sums.sxy)]
        }
        for (lane, (a, b)) in pairs.enumerated() {
            var (n, sw, sx, sy, sxx, syy, sxy) = (0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            for row in 0..<rows where !columns[a][row].isNaN && !columns[b][row].isNaN {
                n += 1
                sw += weights[row]
                sx += weights[row] * columns[a][row]
                sy += weights[row] * columns[b][row]
            }
            for row in 0..<rows where !columns[a][row].isNaN && !columns[b][row].isNaN {
                let dx = columns[a][row] - means[0][lane], dy = columns[b][row] - means[1][lane]
                sxx += weights[row] * dx * dx
                syy += weights[row] * dy * dy
                sxy += weights[row] * dx * dy
            }
            #expect(sx / sw == means[0][lane] && sy / sw == means[1][lane])
            #expect(lanes[lane] == [UInt64(n), sw.bitPattern, sx.bitPattern, sy.bitPattern, sxx.bitPattern, syy.bitPattern, sxy.bitPattern], "lane \(lane)")
        }
    }
}
