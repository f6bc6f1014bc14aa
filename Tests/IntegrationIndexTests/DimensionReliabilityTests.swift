import Testing
@testable import IntegrationIndex

/// α's sums are made a block of rows at a time, four items side by side in vector lanes, and
/// the dimensions on all cores; the sums must be exactly those of one pass in row order, so α
/// is the same to the last bit however many cores there are.
@Suite struct DimensionReliabilityTests {
    /// α the plain way: one pass, rows in order, each row's total adding its items in order.
    static func onePass(items: [[Double]], weights: [Double]) -> (alpha: Double?, n: Int) {
        let k = items.count
        var sums = [Double](repeating: 0, count: k), squares = sums
        var totalWeight = 0.0, totalSum = 0.0, totalSquare = 0.0, n = 0
        for row in weights.indices {
            var total = 0.0
            for item in items { total += item[row] }
            guard !total.isNaN else { continue }
            let w = weights[row]
            totalWeight += w
            n += 1
            totalSum += w * total
            totalSquare += w * total * total
            for j in 0..<k {
                sums[j] += w * items[j][row]
                squares[j] += w * items[j][row] * items[j][row]
            }
        }
        guard n >= 2, totalWeight > 0 else { return (nil, n) }
        func variance(_ sum: Double, _ square: Double) -> Double { square / totalWeight - (sum / totalWeight) * (sum / totalWeight) }
        let itemVariances = (0..<k).reduce(0.0) { $0 + variance(sums[$1], squares[$1]) }
        let totalVariance = variance(totalSum, totalSquare)
        guard totalVariance > 0 else { return (nil, n) }
        return (Double(k) / Double(k - 1) * (1 - itemVariances / totalVariance), n)
    }

    @Test(arguments: [2, 3, 5, 8])
    func alphaOnManyRowsIsThatOfOnePass(items k: Int) {
        var random = SeededGenerator(seed: UInt64(k))
        let rows = 50_001
        let items = (0..<k).map { _ in
            (0..<rows).map { _ in random.next() % 9 == 0 ? Double.nan : Double(random.next() % 4) / 3 + Double(random.next() % 1000) * 1e-7 }
        }
        let weights = (0..<rows).map { _ in 0.5 + Double(random.next() % 10_000) / 997 }
        let split = DimensionReliability.alpha(items: items, weights: weights)
        let plain = Self.onePass(items: items, weights: weights)
        #expect(split.n == plain.n && split.n > 0)
        #expect(split.alpha?.bitPattern == plain.alpha?.bitPattern, "\(String(describing: split.alpha)) vs \(String(describing: plain.alpha))")
    }

    /// α of coded items read from their codes (one-byte and four-byte, blanks, routing that
    /// skips rows with or without a score) is α of the same scores as columns, to the bit,
    /// over blocks of rows that end mid-column.
    @Test(arguments: [false, true])
    func alphaFromCodesIsThatOfTheirScores(wide: Bool) {
        var random = SeededGenerator(seed: wide ? 7 : 3)
        let rows = 30_011
        let levels = wide ? 300 : 5
        var sources: [ItemScoreSource] = []
        var columns: [[Double]] = []
        for item in 0..<4 {
            let scores = (0..<levels).map { level in level % 4 == 3 ? Double.nan : Double(level % 7) / 6 + Double(item) * 1e-3 }
            let codes = (0..<rows).map { _ in random.next() % 10 == 0 ? CategoricalColumn.missing : Int32(random.next() % UInt64(levels)) }
            let skipped: [Bool]? = item % 2 == 0 ? nil : (0..<rows).map { _ in random.next() % 5 == 0 }
            let skippedScore = item == 1 ? 0.5 : .nan
            sources.append(.coded(.init(codes: CategoricalCodes(codes, levelCount: levels), scores: scores, skipped: skipped, skippedScore: skippedScore)))
            columns.append(codes.indices.map { row in
                if let skipped, skipped[row] { return skippedScore }
                return codes[row] == CategoricalColumn.missing ? .nan : scores[Int(codes[row])]
            })
        }
        let weights = (0..<rows).map { _ in 0.5 + Double(random.next() % 10_000) / 997 }
        let fromCodes = DimensionReliability.alpha(items: sources, weights: weights)
        let fromColumns = Self.onePass(items: columns, weights: weights)
        #expect(fromCodes.n == fromColumns.n && fromCodes.n > 0)
        #expect(fromCodes.alpha?.bitPattern == fromColumns.alpha?.bitPattern)
    }

    /// Every dimension's α, the dimensions made on all cores largest first, comes back in the
    /// dimensions' order, each the α of its own items.
    @Test func everyDimensionsAlphaInItsPlace() {
        var random = SeededGenerator(seed: 11)
        let rows = 25_000
        let weights = (0..<rows).map { _ in 0.5 + Double(random.next() % 10_000) / 997 }
        let dimensions = [2, 6, 1, 3, 5].enumerated().map { d, k in
            (key: "d\(d)", items: (0..<k).map { _ in
                (0..<rows).map { _ in random.next() % 9 == 0 ? Double.nan : Double(random.next() % 5) / 4 }
            })
        }
        let all = DimensionReliability.all(dimensions.map { ($0.key, $0.items.map(ItemScoreSource.column)) }, weights: weights)
        #expect(all.map(\.dimension) == dimensions.map(\.key))
        #expect(all.map(\.items) == dimensions.map(\.items.count))
        for (found, dimension) in zip(all, dimensions) {
            let expected = Self.onePass(items: dimension.items, weights: weights)
            #expect(found.n == (dimension.items.count >= 2 ? expected.n : 0))
            #expect(found.alpha?.bitPattern == (dimension.items.count >= 2 ? expected.alpha?.bitPattern : nil), "\(dimension.key)")
        }
    }
}
