import CVectorSums
import Testing
@testable import IntegrationIndex

/// The rank sensitivity's loops in C against the Swift loops they replaced, bit for bit: the
/// pass over the rows that fills the lagging cells' tables (`integra_lagging_cells`), and a
/// draw's sums of every dimension for the composite (`integra_composite_sums`, both variants).
/// Ranks are made from thousands of these sums; a run's outputs must not change with them.
@Suite struct RankLoopsTests {
    /// The tables as `RankLaggingCells.init` filled them in Swift, row by row.
    static func swiftCells(
        weights: [Double], psuOfRow: [Int32]?, pass: Int, domainOfRow: [Int32], masks: [UInt8], complete: [Bool], shifts: Int, domains: Int,
        psuCount: Int, profiles: Int
    ) -> (tables: [Double], weight: [Double]) {
        let rows = weights.count
        let tableSize = psuCount * profiles
        var tables = [Double](repeating: 0, count: shifts * domains * tableSize)
        var weight = [Double](repeating: 0, count: psuCount * domains)
        for row in 0..<rows where complete[row] {
            let psu = psuOfRow.map { Int($0[row]) } ?? pass
            let domain = Int(domainOfRow[row])
            weight[psu * domains + domain] += weights[row]
            for s in 0..<shifts { tables[(s * domains + domain) * tableSize + psu * profiles + Int(masks[s * rows + row])] += weights[row] }
        }
        return (tables, weight)
    }

    /// Five shifts (every run's, unrolled) and three (any other count), PSUs by row or one
    /// column for all rows (replicates), rows left out as incomplete, weights of every size.
    @Test(arguments: [(5, true), (5, false), (3, true), (1, false)])
    func laggingCellsAreTheSwiftLoops(shifts: Int, byPSU: Bool) {
        var random = SeededGenerator(seed: UInt64(shifts * 2 + (byPSU ? 1 : 0)))
        let rows = 4_001, domains = 4, psuCount = 9, profiles = 16
        let weights = (0..<rows).map { _ in Double(random.next() % 1_000_000) / Double(1 + random.next() % 997) }
        // Runs of one PSU, as in a file sorted by PSU.
        let psuOfRow = (0..<rows).map { Int32($0 * psuCount / rows) }
        let domainOfRow = (0..<rows).map { _ in Int32(random.next() % UInt64(domains)) }
        let masks = (0..<(shifts * rows)).map { _ in UInt8(random.next() % UInt64(profiles)) }
        let complete = (0..<rows).map { _ in random.next() % 9 != 0 }
        let pass = byPSU ? 0 : 6
        let expected = Self.swiftCells(
            weights: weights, psuOfRow: byPSU ? psuOfRow : nil, pass: pass, domainOfRow: domainOfRow, masks: masks, complete: complete, shifts: shifts,
            domains: domains, psuCount: psuCount, profiles: profiles)
        var tables = [Double](repeating: 0, count: shifts * domains * psuCount * profiles)
        var weight = [Double](repeating: 0, count: psuCount * domains)
        if byPSU {
            integra_lagging_cells(weights, psuOfRow, pass, domainOfRow, masks, complete, rows, shifts, domains, psuCount, profiles, &tables, &weight)
        } else {
            integra_lagging_cells(weights, nil, pass, domainOfRow, masks, complete, rows, shifts, domains, psuCount, profiles, &tables, &weight)
        }
        #expect(tables.map(\.bitPattern) == expected.tables.map(\.bitPattern))
        #expect(weight.map(\.bitPattern) == expected.weight.map(\.bitPattern))
        #expect(tables.contains { $0 != 0 })
    }

    /// A domain's Σ w·y and Σ w of each dimension as `RankCellSums.composite` made them in
    /// Swift: a dimension at a time, the PSUs in order, each weighed by its multiplier.
    static func swiftSums(weighted: [Double], weight: [Double], multipliers: [Double]?, psuCount: Int, dimensions: Int, lanes: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: 2 * dimensions)
        for d in 0..<dimensions {
            var sum = 0.0
            var w = 0.0
            for psu in 0..<psuCount {
                if let multipliers {
                    sum += multipliers[psu] * weighted[psu * lanes + d]
                    w += multipliers[psu] * weight[psu * lanes + d]
                } else {
                    sum += weighted[psu * lanes + d]
                    w += weight[psu * lanes + d]
                }
            }
            sums[d] = sum
            sums[dimensions + d] = w
        }
        return sums
    }

    @Test(arguments: [(1, 1), (7, 5), (70, 7), (33, 8), (12, 11)])
    func compositeSumsAreTheSwiftLoop(psuCount: Int, dimensions: Int) {
        var random = SeededGenerator(seed: UInt64(psuCount * 100 + dimensions))
        let lanes = (dimensions + 3) / 4 * 4
        // Empty cells (a PSU without the domain), multipliers as a bootstrap's counts (a third
        // of them 0) and as fractions.
        let weight = (0..<(psuCount * lanes)).map { $0 % lanes >= dimensions || random.next() % 5 == 0 ? 0 : Double(random.next() % 1_000_000) / 997 }
        let weighted = weight.map { $0 * Double(random.next() % 1_000) / 1_000 }
        let counts = (0..<psuCount).map { _ in Double(random.next() % 3) }
        let fractions = (0..<psuCount).map { _ in Double(random.next() % 1_000) / 500 }
        for multipliers in [nil, counts, fractions] {
            let expected = Self.swiftSums(weighted: weighted, weight: weight, multipliers: multipliers, psuCount: psuCount, dimensions: dimensions, lanes: lanes)
            for variant in [integra_composite_sums, integra_composite_sums_baseline] {
                var sums = [Double](repeating: .nan, count: 2 * lanes)
                sums.withUnsafeMutableBufferPointer { sums in
                    if let multipliers {
                        variant(weighted, weight, multipliers, psuCount, lanes, sums.baseAddress, sums.baseAddress! + lanes)
                    } else {
                        variant(weighted, weight, nil, psuCount, lanes, sums.baseAddress, sums.baseAddress! + lanes)
                    }
                }
                let found = Array(sums[0..<dimensions]) + Array(sums[lanes..<(lanes + dimensions)])
                #expect(found.map(\.bitPattern) == expected.map(\.bitPattern), "\(psuCount) PSUs, \(dimensions) dimensions")
                // The lanes past the dimensions sum zeros.
                #expect(sums[dimensions..<lanes].allSatisfy { $0 == 0 } && sums[(lanes + dimensions)...].allSatisfy { $0 == 0 })
            }
        }
    }

    /// A PSU left out of a draw (multiplier 0) adds nothing: a NaN or an infinity in its cells
    /// changes nothing, whether the loop skips it (four lanes) or masks it (eight).
    @Test(arguments: [4, 8])
    func aPSULeftOutOfTheCompositeAddsNothing(lanes: Int) {
        var weighted = [Double](repeating: 1, count: 3 * lanes)
        for lane in lanes..<(2 * lanes) { weighted[lane] = lane % 2 == 0 ? .nan : .infinity }
        let weight = [Double](repeating: 2, count: 3 * lanes)
        var sums = [Double](repeating: 0, count: 2 * lanes)
        sums.withUnsafeMutableBufferPointer { integra_composite_sums(weighted, weight, [1, 0, 2], 3, lanes, $0.baseAddress, $0.baseAddress! + lanes) }
        #expect(sums == [Double](repeating: 3, count: lanes) + [Double](repeating: 6, count: lanes))
    }
}
