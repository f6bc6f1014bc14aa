import Dispatch
import Foundation
import Synchronization

/// How firm the groups' order on the overall index is: a seeded Monte Carlo that in every
/// draw moves each dimension's weight by a factor drawn uniformly in the study's range and
/// redraws the sample by a rescaling bootstrap of the PSUs (Rao–Wu: in a stratum of n PSUs,
/// n − 1 drawn with replacement, each weight times its count · n/(n − 1), as R's
/// `as.svrepdesign(type = "subbootstrap")`). The groups of each variable are ranked by their
/// composite of dimension means, Σ w_d·μ_gd / Σ w_d (1 = the most integrated); each group's
/// median rank and 90% interval of ranks (5th to 95th percentile) over the draws say how far
/// its place is an artefact of the weights or of the sample.
///
/// Done for designs with PSUs: each draw is a sum over (PSU, group) cells, not over rows,
/// so a million respondents cost no more than the demo. A group whose overall estimate is
/// suppressed is not ranked.
public struct GroupRank: Sendable, Equatable {
    public var groupKey: String
    public var groupValue: String
    /// The rank with the instrument's weights and the sample as drawn.
    public var rank: Int
    public var medianRank: Double
    /// The 5th and 95th percentiles of the ranks over the draws.
    public var low: Double
    public var high: Double
    /// How many groups of the variable were ranked.
    public var ranked: Int

    public init(groupKey: String, groupValue: String, rank: Int, medianRank: Double, low: Double, high: Double, ranked: Int) {
        self.groupKey = groupKey
        self.groupValue = groupValue
        self.rank = rank
        self.medianRank = medianRank
        self.low = low
        self.high = high
        self.ranked = ranked
    }
}

public enum RankSensitivity {
    /// The ranks of every group variable's groups; empty for a design without PSUs (rows as
    /// their own units, or replicate weights), which this bootstrap does not cover.
    public static func ranks(
        scores: RespondentScores, instrument: Instrument, groups: [GroupPartition], design: SurveyDesign, estimates: [IndexEstimate],
        settings: RankSettings
    ) -> [GroupRank] {
        guard design.replicates == nil, !design.rowsAreUnits else { return [] }
        let dimensions = instrument.dimensions.indices.filter { instrument.dimensions[$0].inIndex }
        let baseWeights = dimensions.map { instrument.dimensions[$0].weight }
        let psuOfRow = design.unitOfRow.map { design.psuOfUnit[Int($0)] }
        let stratumOfPSU = design.stratumOfPSU
        let psuCount = stratumOfPSU.count
        var psusOfStratum = [[Int]](repeating: [], count: design.strata.count)
        for (psu, stratum) in stratumOfPSU.enumerated() { psusOfStratum[Int(stratum)].append(psu) }

        // Every draw's dimension weights and PSU multipliers, drawn once in a fixed order so
        // the result depends on the seed alone.
        var generator = SeededGenerator(seed: settings.seed)
        let range = settings.weightRange
        var drawWeights: [[Double]] = []
        var multipliers: [[Double]] = []
        for _ in 0..<settings.draws {
            drawWeights.append(baseWeights.map { $0 * (range.lowerBound + (range.upperBound - range.lowerBound) * generator.uniform()) })
            var counts = [Double](repeating: 0, count: psuCount)
            for psus in psusOfStratum {
                guard psus.count > 1 else {
                    for psu in psus { counts[psu] = 1 }
                    continue
                }
                for _ in 0..<(psus.count - 1) { counts[psus[Int(generator.uniform() * Double(psus.count))]] += 1 }
                let scale = Double(psus.count) / Double(psus.count - 1)
                for psu in psus { counts[psu] *= scale }
            }
            multipliers.append(counts)
        }

        let allWeights = drawWeights
        let allMultipliers = multipliers
        let shown = Set(estimates.filter { $0.indicator == IndexEstimate.overallKey && !$0.isSuppressed }.map { "\($0.groupKey)\u{0}\($0.groupValue)" })
        let results = Mutex([[GroupRank]](repeating: [], count: groups.count))
        DispatchQueue.concurrentPerform(iterations: groups.count) { p in
            let group = groups[p]
            let ranked = group.values.indices.filter { shown.contains("\(group.variable.key)\u{0}\(group.values[$0])") }
            guard ranked.count >= 2 else { return }
            let cells = CellSums(scores: scores, dimensions: dimensions, weights: design.weights, psuOfRow: psuOfRow, psuCount: psuCount, partition: group.partition)
            let rank = ranks(of: ranked.map { cells.composite(domain: $0, weights: baseWeights, multipliers: nil) })
            var drawn = [[Int]](repeating: [], count: ranked.count)
            for draw in 0..<settings.draws {
                let values = ranked.map { cells.composite(domain: $0, weights: allWeights[draw], multipliers: allMultipliers[draw]) }
                for (index, r) in ranks(of: values).enumerated() { drawn[index].append(r) }
            }
            let list = ranked.indices.map { index in
                let sorted = drawn[index].sorted().map(Double.init)
                return GroupRank(
                    groupKey: group.variable.key, groupValue: group.values[ranked[index]], rank: rank[index], medianRank: quantile(sorted, 0.5),
                    low: quantile(sorted, 0.05), high: quantile(sorted, 0.95), ranked: ranked.count)
            }
            results.withLock { $0[p] = list }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// 1 for the highest value; NaN ranks last; ties in the order given.
    static func ranks(of values: [Double]) -> [Int] {
        let order = values.indices.sorted { a, b in
            let x = values[a].isNaN ? -Double.infinity : values[a]
            let y = values[b].isNaN ? -Double.infinity : values[b]
            return x != y ? x > y : a < b
        }
        var rank = [Int](repeating: 0, count: values.count)
        for (position, index) in order.enumerated() { rank[index] = position + 1 }
        return rank
    }

    /// The quantile of sorted values as R's `quantile(type = 7)`.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let below = Int(h.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
    }
}

/// Σ w·y and Σ w over the scored respondents of each (PSU, domain) cell, by dimension: what a
/// bootstrap draw reweights.
private struct CellSums {
    let domains: Int
    let dimensions: Int
    let psuCount: Int
    /// [(psu · domains + domain) · dimensions + d]
    var weighted: [Double]
    var weight: [Double]

    init(scores: RespondentScores, dimensions indices: [Int], weights: [Double], psuOfRow: [Int32], psuCount: Int, partition: Partition) {
        domains = partition.domains.count
        dimensions = indices.count
        self.psuCount = psuCount
        weighted = [Double](repeating: 0, count: psuCount * domains * dimensions)
        weight = weighted
        for (d, dimension) in indices.enumerated() {
            let column = scores.dimensions[dimension]
            for row in column.indices where !column[row].isNaN {
                let cell = (Int(psuOfRow[row]) * domains + Int(partition.domainOfRow[row])) * dimensions + d
                weighted[cell] += weights[row] * column[row]
                weight[cell] += weights[row]
            }
        }
    }

    /// Σ_d w_d·μ_d / Σ_d w_d over the dimensions the domain has, its means taken with every
    /// PSU's weights times `multipliers` (all 1 when `nil`).
    func composite(domain: Int, weights: [Double], multipliers: [Double]?) -> Double {
        var total = 0.0
        var totalWeight = 0.0
        for d in 0..<dimensions {
            var sum = 0.0
            var w = 0.0
            for psu in 0..<psuCount {
                let cell = (psu * domains + domain) * dimensions + d
                let m = multipliers?[psu] ?? 1
                sum += m * weighted[cell]
                w += m * weight[cell]
            }
            guard w > 0 else { continue }
            total += weights[d] * sum / w
            totalWeight += weights[d]
        }
        return totalWeight > 0 ? total / totalWeight : .nan
    }
}
