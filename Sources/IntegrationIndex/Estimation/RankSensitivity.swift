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
/// of its rows (`randomGroups`). Not done for replicate weights. A group whose overall
/// estimate is suppressed is not ranked.
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
    /// The ranks of every group variable's groups; empty for a design given as replicate
    /// weights, which this bootstrap does not cover.
    public static func ranks(
        scores: RespondentScores, instrument: Instrument, groups: [GroupPartition], design: SurveyDesign, estimates: [IndexEstimate],
        settings: RankSettings, counting: CountingSettings? = nil
    ) -> [GroupRank] {
        guard design.replicates == nil else { return [] }
        let dimensions = instrument.dimensions.indices.filter { instrument.dimensions[$0].inIndex }
        let baseWeights = dimensions.map { instrument.dimensions[$0].weight }
        let (psuOfRow, stratumOfPSU) =
            design.rowsAreUnits
            ? randomGroups(design: design, seed: settings.seed) : (design.unitOfRow.map { design.psuOfUnit[Int($0)] }, design.stratumOfPSU)
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

        // The cut-off shifts from a generator of their own, so the index's ranks do not
        // depend on whether the study has a counting view.
        let shifts = (0..<5).map { settings.cutoffShift * (Double($0) / 2 - 1) }
        var shiftGenerator = SeededGenerator(seed: settings.seed ^ 0x5BD1_E995)
        let drawShifts = (0..<settings.draws).map { _ in Int(shiftGenerator.uniform() * Double(shifts.count)) }
        let lagging = counting.flatMap { counting -> LaggingCells.Setting? in
            let cutoffs = dimensions.map { counting.cutoff(of: instrument.dimensions[$0].key) }
            guard cutoffs.count <= 8 else { return nil }
            return LaggingCells.Setting(scores: dimensions.map { scores.dimensions[$0] }, cutoffs: cutoffs, k: counting.k, shifts: shifts)
        }
        // The profiles under each shift are the same for every group variable: made once.
        let laggingProfiles = lagging.map(LaggingCells.profiles)
        let allWeights = drawWeights
        let allMultipliers = multipliers
        let shown = Set(estimates.filter { $0.indicator == IndexEstimate.overallKey && !$0.isSuppressed }.map { "\($0.groupKey)\u{0}\($0.groupValue)" })
        let results = Mutex([[GroupRank]](repeating: [], count: groups.count))
        DispatchQueue.concurrentPerform(iterations: groups.count) { p in
            let group = groups[p]
            let ranked = group.values.indices.filter { shown.contains("\(group.variable.key)\u{0}\(group.values[$0])") }
            guard ranked.count >= 2 else { return }
            /// Each ranked group's rank as estimated and its ranks over the draws, by `value`
            /// (draw `nil`: as estimated); the highest value ranks first.
            func summary(_ indicator: String, _ value: (_ domain: Int, _ draw: Int?) -> Double) -> [GroupRank] {
                let rank = ranks(of: ranked.map { value($0, nil) })
                var drawn = [[Int]](repeating: [], count: ranked.count)
                for draw in 0..<settings.draws {
                    for (index, r) in ranks(of: ranked.map { value($0, draw) }).enumerated() { drawn[index].append(r) }
                }
                return ranked.indices.map { index in
                    let sorted = drawn[index].sorted().map(Double.init)
                    return GroupRank(
                        indicator: indicator, groupKey: group.variable.key, groupValue: group.values[ranked[index]], rank: rank[index],
                        medianRank: quantile(sorted, 0.5), low: quantile(sorted, 0.05), high: quantile(sorted, 0.95), ranked: ranked.count)
                }
            }
            let cells = CellSums(scores: scores, dimensions: dimensions, weights: design.weights, psuOfRow: psuOfRow, psuCount: psuCount, partition: group.partition)
            var list = summary(IndexEstimate.overallKey) { domain, draw in
                cells.composite(domain: domain, weights: draw.map { allWeights[$0] } ?? baseWeights, multipliers: draw.map { allMultipliers[$0] })
            }
            if let lagging, let laggingProfiles {
                let laggingCells = LaggingCells(
                    lagging, weights: design.weights, psuOfRow: psuOfRow, psuCount: psuCount, partition: group.partition,
                    masks: laggingProfiles.masks, complete: laggingProfiles.complete)
                // Each draw's censored share of every profile, made once for all its domains.
                let base = LaggingCells.censoredShares(weights: baseWeights, k: lagging.k)
                let censored = allWeights.map { LaggingCells.censoredShares(weights: $0, k: lagging.k) }
                // The least lagging first: M0 negated.
                list += summary(CountingEstimates.adjustedHeadcount) { domain, draw in
                    -laggingCells.adjustedHeadcount(
                        domain: domain, shift: draw.map { drawShifts[$0] } ?? 2, censored: draw.map { censored[$0] } ?? base,
                        multipliers: draw.map { allMultipliers[$0] })
                }
            }
            results.withLock { $0[p] = list }
        }
        return results.withLock { $0.flatMap { $0 } }
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

/// Σ w·y and Σ w over the scored respondents of each (PSU, domain) cell, by dimension: what a
/// bootstrap draw reweights.
private struct CellSums {
    let domains: Int
    let dimensions: Int
    let psuCount: Int
    /// [(domain · dimensions + d) · psuCount + psu]: a domain's PSUs side by side for the draws.
    let weighted: [Double]
    let weight: [Double]

    init(scores: RespondentScores, dimensions indices: [Int], weights: [Double], psuOfRow: [Int32], psuCount: Int, partition: Partition) {
        domains = partition.domains.count
        dimensions = indices.count
        self.psuCount = psuCount
        let dimensions = indices.count
        var weighted = [Double](repeating: 0, count: psuCount * domains * dimensions)
        var weight = weighted
        // A column at a time, through buffers: each cell still adds its rows in file order.
        weighted.withUnsafeMutableBufferPointer { weighted in
            weight.withUnsafeMutableBufferPointer { weight in
                partition.domainOfRow.withUnsafeBufferPointer { domainOfRow in
                    psuOfRow.withUnsafeBufferPointer { psuOfRow in
                        weights.withUnsafeBufferPointer { weights in
                            for (d, dimension) in indices.enumerated() {
                                scores.dimensions[dimension].withUnsafeBufferPointer { column in
                                    for row in 0..<column.count where !column[row].isNaN {
                                        let cell = (Int(domainOfRow[row]) * dimensions + d) * psuCount + Int(psuOfRow[row])
                                        weighted[cell] += weights[row] * column[row]
                                        weight[cell] += weights[row]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.weighted = weighted
        self.weight = weight
    }

    /// Σ_d w_d·μ_d / Σ_d w_d over the dimensions the domain has, its means taken with every
    /// PSU's weights times `multipliers` (all 1 when `nil`).
    func composite(domain: Int, weights: [Double], multipliers: [Double]?) -> Double {
        var total = 0.0
        var totalWeight = 0.0
        for d in 0..<dimensions {
            var sum = 0.0
            var w = 0.0
            let first = (domain * dimensions + d) * psuCount
            if let multipliers {
                for psu in 0..<psuCount {
                    sum += multipliers[psu] * weighted[first + psu]
                    w += multipliers[psu] * weight[first + psu]
                }
            } else {
                for psu in 0..<psuCount {
                    sum += weighted[first + psu]
                    w += weight[first + psu]
                }
            }
            guard w > 0 else { continue }
            total += weights[d] * sum / w
            totalWeight += weights[d]
        }
        return totalWeight > 0 ? total / totalWeight : .nan
    }
}

/// For the counting view's ranks: Σ w over the respondents with every index dimension scored,
/// by (PSU, domain), and by (cut-off shift, domain, PSU, lagging profile), kept as a list of
/// the non-empty entries, so that a draw's M0 of a domain is one sum over that list.
private struct LaggingCells {
    struct Setting {
        /// The index dimensions' scores, the cut-offs, k, and the shifts of the cut-offs.
        var scores: [[Double]]
        var cutoffs: [Double]
        var k: Double
        var shifts: [Double]
    }

    /// One non-empty (PSU, profile) of a (shift, domain), with the weight of its respondents.
    struct Entry {
        var psu: Int32
        var mask: Int32
        var weight: Double
    }

    let domains: Int
    let psuCount: Int
    let dimensions: Int
    let k: Double
    let profiles: Int
    /// [shift · domains + domain]: the weights of that shift and domain, as a list of the
    /// non-empty (PSU, profile) entries when they are few, or as a PSU × profile table (a
    /// draw's sum is then a dot product per PSU, which the processor vectorizes).
    var lists: [Weights]

    enum Weights {
        case entries([Entry])
        /// [psu · profiles + mask]
        case table([Double])
    }

    /// [psu · domains + domain]
    var weight: [Double]

    init(_ setting: Setting, weights: [Double], psuOfRow: [Int32], psuCount: Int, partition: Partition, masks: [UInt8], complete: [Bool]) {
        domains = partition.domains.count
        self.psuCount = psuCount
        dimensions = setting.scores.count
        k = setting.k
        profiles = 1 << dimensions
        let shifts = setting.shifts.count
        let profiles = self.profiles
        // Thousands of PSUs would make each table megabytes: then only the entries, in
        // dictionaries.
        let tabled = psuCount * profiles <= 1 << 16
        let tableSize = psuCount * profiles
        var tables = [Double](repeating: 0, count: tabled ? shifts * domains * tableSize : 0)
        var dictionaries = [[Int: Double]](repeating: [:], count: tabled ? 0 : shifts * domains)
        var weight = [Double](repeating: 0, count: psuCount * domains)
        let domains = self.domains
        let rows = weights.count
        tables.withUnsafeMutableBufferPointer { tables in
            masks.withUnsafeBufferPointer { masks in
                for row in 0..<rows where complete[row] {
                    let psu = Int(psuOfRow[row])
                    let domain = Int(partition.domainOfRow[row])
                    let w = weights[row]
                    weight[psu * domains + domain] += w
                    for s in 0..<shifts {
                        let list = s * domains + domain
                        let slot = psu * profiles + Int(masks[s * rows + row])
                        if tabled { tables[list * tableSize + slot] += w } else { dictionaries[list][slot, default: 0] += w }
                    }
                }
            }
        }
        self.weight = weight
        lists = (0..<(shifts * domains)).map { list in
            if !tabled {
                let dictionary = dictionaries[list]
                return .entries(
                    dictionary.keys.sorted().filter { $0 % profiles != 0 }.map { Entry(psu: Int32($0 / profiles), mask: Int32($0 % profiles), weight: dictionary[$0]!) })
            }
            let table = Array(tables[(list * tableSize)..<((list + 1) * tableSize)])
            let filled = table.lazy.filter { $0 != 0 }.count
            guard filled * 4 < table.count || profiles < 8 else { return .table(table) }
            var entries: [Entry] = []
            for (slot, w) in table.enumerated() where w != 0 && slot % profiles != 0 {
                entries.append(Entry(psu: Int32(slot / profiles), mask: Int32(slot % profiles), weight: w))
            }
            return .entries(entries)
        }
    }

    /// Each respondent's lagging profile under each shift of the cut-offs (one byte: up to
    /// eight dimensions), shift s's at `masks[s * rows + row]`, and whether every index
    /// dimension is scored. Column by column: each pass reads one score column in order.
    static func profiles(_ setting: Setting) -> (masks: [UInt8], complete: [Bool]) {
        let rows = setting.scores.first?.count ?? 0
        var complete = [Bool](repeating: true, count: rows)
        var masks = [UInt8](repeating: 0, count: setting.shifts.count * rows)
        masks.withUnsafeMutableBufferPointer { masks in
            complete.withUnsafeMutableBufferPointer { complete in
                for (d, column) in setting.scores.enumerated() {
                    let bit = UInt8(1) << UInt8(d)
                    column.withUnsafeBufferPointer { column in
                        for row in 0..<rows where column[row].isNaN { complete[row] = false }
                        for (s, shift) in setting.shifts.enumerated() {
                            let cutoff = min(max(setting.cutoffs[d] + shift, 0), 1) - LaggingProfiles.tolerance
                            let first = s * rows
                            for row in 0..<rows where column[row] < cutoff { masks[first + row] |= bit }
                        }
                    }
                }
            }
        }
        return (masks, complete)
    }

    /// Each profile's censored share c·1{c ≥ k}, c the share of `weights` it lags in.
    static func censoredShares(weights: [Double], k: Double) -> [Double] {
        let totalWeight = weights.reduce(0, +)
        return (0..<(1 << weights.count)).map { mask -> Double in
            var share = 0.0
            for d in weights.indices where mask & (1 << d) != 0 { share += weights[d] }
            share /= totalWeight
            return share >= k - LaggingProfiles.tolerance ? share : 0
        }
    }

    /// M0 = Σ w·c·1{c ≥ k} / Σ w of a domain (`censored` from `censoredShares`), with the
    /// cut-offs moved by shift number `shift` and every PSU's weights times `multipliers`.
    func adjustedHeadcount(domain: Int, shift: Int, censored: [Double], multipliers: [Double]?) -> Double {
        var denominator = 0.0
        for psu in 0..<psuCount { denominator += (multipliers?[psu] ?? 1) * weight[psu * domains + domain] }
        var numerator = 0.0
        switch lists[shift * domains + domain] {
        case .entries(let entries):
            for entry in entries { numerator += (multipliers?[Int(entry.psu)] ?? 1) * censored[Int(entry.mask)] * entry.weight }
        case .table(let table):
            table.withUnsafeBufferPointer { table in
                censored.withUnsafeBufferPointer { censored in
                    // Eight profiles at a time (a table has at least eight: see `init`).
                    let base = UnsafeRawPointer(table.baseAddress!)
                    let shares = UnsafeRawPointer(censored.baseAddress!)
                    for psu in 0..<psuCount {
                        var sum = SIMD8<Double>()
                        let first = psu * profiles
                        for block in stride(from: 0, to: profiles, by: 8) {
                            let weights = base.loadUnaligned(fromByteOffset: (first + block) * 8, as: SIMD8<Double>.self)
                            sum += shares.loadUnaligned(fromByteOffset: block * 8, as: SIMD8<Double>.self) * weights
                        }
                        numerator += (multipliers?[psu] ?? 1) * sum.sum()
                    }
                }
            }
        }
        return denominator > 0 ? numerator / denominator : .nan
    }
}
