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
/// With the counting view the groups are also ranked by M0 (1 = the least lagging): in each
/// draw every lagging cut-off moves by one shift drawn from five evenly spaced in
/// ±`cutoffShift`, with the weights and the sample as above (index dimensions up to eight).
///
/// Each draw is a sum over (PSU, group) cells, not over rows, so a million respondents cost
/// no more than the demo; a design whose rows are their own units is drawn by random groups
/// of its rows (`randomGroups`). A design given as replicate weights is drawn from its
/// replicates instead of the bootstrap (`RankReplicateDraws`). A group whose overall estimate
/// is suppressed is not ranked.
public struct GroupRank: Sendable, Equatable {
    /// What is ranked: `overall` (the composite of dimension means, 1 = highest) or, with the
    /// counting view, `af_M0` (1 = the least lagging).
    public var indicator: String
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

    public init(indicator: String, groupKey: String, groupValue: String, rank: Int, medianRank: Double, low: Double, high: Double, ranked: Int) {
        self.indicator = indicator
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
    /// The ranks of every group variable's groups.
    public static func ranks(
        scores: RespondentScores, instrument: Instrument, groups: [GroupPartition], design: SurveyDesign, estimates: [IndexEstimate],
        settings: RankSettings, counting: CountingSettings? = nil
    ) -> [GroupRank] {
        ranks(scores: scores, instrument: instrument, groups: groups, design: design, estimates: estimates, settings: settings, counting: counting, estimationSums: nil)
    }

    /// The index dimensions: what the composite is made of, and what the estimation keeps the
    /// sums of for `ranks`.
    static func dimensions(of instrument: Instrument) -> [Int] {
        instrument.dimensions.indices.filter { instrument.dimensions[$0].inIndex }
    }

    /// `estimationSums`: each group's sums of the index dimensions made by the estimation
    /// (`IndexEstimate.estimate(…keepingSumsOf:)`), used as the cells when
    /// `RankCellSums.areEstimationSums(for: design)`.
    static func ranks(
        scores: RespondentScores, instrument: Instrument, groups: [GroupPartition], design: SurveyDesign, estimates: [IndexEstimate],
        settings: RankSettings, counting: CountingSettings?, estimationSums: [[DomainSums]]?
    ) -> [GroupRank] {
        let dimensions = dimensions(of: instrument)
        let estimationSums = RankCellSums.areEstimationSums(for: design) ? estimationSums : nil
        let baseWeights = dimensions.map { instrument.dimensions[$0].weight }
        let (sampling, columns) = Sampling.make(design: design, seed: settings.seed)

        // Every draw's dimension weights and PSU multipliers, drawn once in a fixed order so
        // the result depends on the seed alone.
        var generator = SeededGenerator(seed: settings.seed)
        let range = settings.weightRange
        var drawWeights: [[Double]] = []
        var multipliers: [[Double]] = []
        for _ in 0..<settings.draws {
            drawWeights.append(baseWeights.map { $0 * (range.lowerBound + (range.upperBound - range.lowerBound) * generator.uniform()) })
            if case .bootstrap(let psusOfStratum) = sampling { multipliers.append(bootstrapMultipliers(psusOfStratum, psuCount: columns.count, generator: &generator)) }
        }

        // The cut-off shifts from a generator of their own, so the index's ranks do not
        // depend on whether the study has a counting view.
        let shifts = (0..<5).map { settings.cutoffShift * (Double($0) / 2 - 1) }
        var shiftGenerator = SeededGenerator(seed: settings.seed ^ 0x5BD1_E995)
        let drawShifts = (0..<settings.draws).map { _ in Int(shiftGenerator.uniform() * Double(shifts.count)) }
        let lagging = counting.flatMap { counting -> RankLaggingCells.Setting? in
            let cutoffs = dimensions.map { counting.cutoff(of: instrument.dimensions[$0].key) }
            guard cutoffs.count <= 8 else { return nil }
            return RankLaggingCells.Setting(scores: dimensions.map { scores.dimensions[$0] }, cutoffs: cutoffs, k: counting.k, shifts: shifts)
        }
        // The profiles under each shift are the same for every group variable: made once.
        let laggingProfiles = lagging.map(RankLaggingCells.profiles)
        // Each draw's censored share of every profile, the same for every group variable and
        // domain: made once (made per group variable, they had cost a seventh of the rank pass).
        let censoredShares = lagging.map { lagging in
            (RankLaggingCells.censoredShares(weights: baseWeights, k: lagging.k), drawWeights.map { RankLaggingCells.censoredShares(weights: $0, k: lagging.k) })
        }
        let allWeights = drawWeights
        let allMultipliers = multipliers
        // A bootstrap's draws laid out once for every domain's M0 in all draws at once.
        let drawBatches: RankLaggingCells.DrawBatches? =
            if case .bootstrap = sampling, let censoredShares {
                RankLaggingCells.DrawBatches(shifts: drawShifts, shiftCount: shifts.count, censored: censoredShares.1, multipliers: multipliers)
            } else { nil }
        let shown = Set(estimates.filter { $0.indicator == IndexEstimate.overallKey && !$0.isSuppressed }.map { "\($0.groupKey)\u{0}\($0.groupValue)" })
        // Two tasks per group variable, the counting view's ranks (each a pass over the rows,
        // then every draw's M0 of every domain) before the index's (sums made already): with
        // one task per group variable, the last and largest ran alone on one core at the end.
        let countingTasks = lagging == nil ? 0 : groups.count
        let results = Mutex([[GroupRank]](repeating: [], count: countingTasks + groups.count))
        DispatchQueue.concurrentPerform(iterations: countingTasks + groups.count) { task in
            let isCounting = task < countingTasks
            let p = isCounting ? task : task - countingTasks
            let group = groups[p]
            let ranked = group.values.indices.filter { shown.contains("\(group.variable.key)\u{0}\(group.values[$0])") }
            guard ranked.count >= 2 else { return }
            /// Each ranked group's rank as estimated and its ranks over the draws, by `value`
            /// (draw `nil`: as estimated), or by `drawn` (every draw's value of a domain at
            /// once) where given; the highest value ranks first.
            func summary(_ indicator: String, drawn byDomain: ((_ domain: Int) -> [Double])? = nil, _ value: (_ domain: Int, _ draw: Int?) -> Double) -> [GroupRank] {
                let rank = ranks(of: ranked.map { value($0, nil) })
                // Every draw of a group before the next group's: a group's cell sums then stay
                // in cache over its draws, where going through the groups for each draw brought
                // them all back from memory every time.
                let values = ranked.map { domain in byDomain?(domain) ?? (0..<settings.draws).map { value(domain, $0) } }
                var drawn = [[Int]](repeating: [], count: ranked.count)
                for draw in 0..<settings.draws {
                    for (index, r) in ranks(of: values.map { $0[draw] }).enumerated() { drawn[index].append(r) }
                }
                return ranked.indices.map { index in
                    let sorted = drawn[index].sorted().map(Double.init)
                    return GroupRank(
                        indicator: indicator, groupKey: group.variable.key, groupValue: group.values[ranked[index]], rank: rank[index],
                        medianRank: quantile(sorted, 0.5), low: quantile(sorted, 0.05), high: quantile(sorted, 0.95), ranked: ranked.count)
                }
            }
            var list: [GroupRank] = []
            if !isCounting {
                let cells = estimationSums.map { RankCellSums(estimationSums: $0[p]) }
                    ?? RankCellSums(scores: scores, dimensions: dimensions, columns: columns, partition: group.partition)
                list = summary(IndexEstimate.overallKey) { domain, draw in
                    let weights = draw.map { allWeights[$0] } ?? baseWeights
                    guard case .replicates(let replicates) = sampling else {
                        return cells.composite(domain: domain, weights: weights, multipliers: draw.map { allMultipliers[$0] })
                    }
                    return replicates.value(cells.composites(domain: domain, weights: weights), draw: draw)
                }
            } else if let lagging, let laggingProfiles, let censoredShares {
                let laggingCells = RankLaggingCells(
                    lagging, columns: columns, partition: group.partition, masks: laggingProfiles.masks, complete: laggingProfiles.complete)
                let (base, censored) = censoredShares
                // A bootstrap's draws of a domain all at once (`adjustedHeadcounts`).
                let drawn = drawBatches.map { draws in { (domain: Int) in laggingCells.adjustedHeadcounts(domain: domain, draws: draws).map { -$0 } } }
                // The least lagging first: M0 negated.
                list += summary(CountingEstimates.adjustedHeadcount, drawn: drawn) { domain, draw in
                    let shift = draw.map { drawShifts[$0] } ?? 2
                    let shares = draw.map { censored[$0] } ?? base
                    guard case .replicates(let replicates) = sampling else {
                        return -laggingCells.adjustedHeadcount(domain: domain, shift: shift, censored: shares, multipliers: draw.map { allMultipliers[$0] })
                    }
                    return -replicates.value(laggingCells.adjustedHeadcounts(domain: domain, shift: shift, censored: shares), draw: draw)
                }
            }
            results.withLock { $0[task] = list }
        }
        // A group variable's index ranks, then its counting view's, as one task made them.
        let made = results.withLock { $0 }
        return groups.indices.flatMap { p in made[countingTasks + p] + (countingTasks == 0 ? [] : made[p]) }
    }

    /// Where a draw's sample comes from.
    enum Sampling: Sendable {
        /// A rescaling bootstrap of the PSUs, listed by stratum.
        case bootstrap(psusOfStratum: [[Int]])
        /// The design's replicate weights.
        case replicates(RankReplicateDraws)

        /// The design's sampling and the columns its cells are summed in: the PSUs (or random
        /// groups of the rows, for a design whose rows are their units), or the full sample and
        /// the replicates.
        static func make(design: SurveyDesign, seed: UInt64) -> (Sampling, RankColumns) {
            if let replicates = design.replicates {
                return (.replicates(RankReplicateDraws(replicates)), .weightColumns([design.weights] + replicates.columns))
            }
            let (psuOfRow, stratumOfPSU) =
                design.rowsAreUnits ? randomGroups(design: design, seed: seed) : (design.unitOfRow.map { design.psuOfUnit[Int($0)] }, design.stratumOfPSU)
            var psusOfStratum = [[Int]](repeating: [], count: design.strata.count)
            for (psu, stratum) in stratumOfPSU.enumerated() { psusOfStratum[Int(stratum)].append(psu) }
            return (.bootstrap(psusOfStratum: psusOfStratum), .psus(psuOfRow: psuOfRow, count: stratumOfPSU.count, weights: design.weights))
        }
    }

    /// One Rao–Wu draw: in a stratum of n PSUs, n − 1 drawn with replacement, each PSU's
    /// weight times its count · n/(n − 1); a stratum of one PSU keeps it as it is.
    static func bootstrapMultipliers(_ psusOfStratum: [[Int]], psuCount: Int, generator: inout SeededGenerator) -> [Double] {
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
        return counts
    }

    /// Most PSUs a stratum of rows-as-units keeps for the bootstrap.
    static let randomGroupsPerStratum = 100

    /// For a design whose rows are their own units: each stratum's rows as up to
    /// `randomGroupsPerStratum` PSUs, the rows dealt to them in a seeded random order (the
    /// random groups of Wolter, *Introduction to Variance Estimation*, ch. 2), so that a draw
    /// still sums over at most a hundred cells per stratum and group, not over every row; a
    /// stratum with fewer rows keeps each row as a PSU, the exact Rao–Wu bootstrap. The PSU of
    /// every row and the stratum of every PSU.
    static func randomGroups(design: SurveyDesign, seed: UInt64) -> (psuOfRow: [Int32], stratumOfPSU: [Int32]) {
        let stratumOfRow = design.unitOfRow.map { design.stratumOfPSU[Int(design.psuOfUnit[Int($0)])] }
        var rowsOfStratum = [[Int]](repeating: [], count: design.strata.count)
        for (row, stratum) in stratumOfRow.enumerated() { rowsOfStratum[Int(stratum)].append(row) }
        var generator = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        var psuOfRow = [Int32](repeating: 0, count: stratumOfRow.count)
        var stratumOfPSU: [Int32] = []
        for (stratum, rows) in rowsOfStratum.enumerated() where !rows.isEmpty {
            var order = rows
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.uniform() * Double(i + 1))) }
            let groups = min(rows.count, randomGroupsPerStratum)
            let first = Int32(stratumOfPSU.count)
            for (position, row) in order.enumerated() { psuOfRow[row] = first + Int32(position % groups) }
            stratumOfPSU += Array(repeating: Int32(stratum), count: groups)
        }
        return (psuOfRow, stratumOfPSU)
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
