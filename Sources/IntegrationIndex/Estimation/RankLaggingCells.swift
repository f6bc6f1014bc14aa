import CVectorSums
import Foundation

/// For the counting view's ranks: Σ w over the respondents with every index dimension scored,
/// by (column, domain), and by (cut-off shift, domain, column, lagging profile), a column being
/// a PSU or a replicate (`RankColumns`), kept as a list of
/// the non-empty entries, so that a draw's M0 of a domain is one sum over that list.
struct RankLaggingCells {
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

    /// Tables of at most `tableLimit` cells per (shift, domain); beyond, dictionaries.
    init(_ setting: Setting, columns: RankColumns, partition: Partition, masks: [UInt8], complete: [Bool], tableLimit: Int = 1 << 16) {
        domains = partition.domains.count
        let psuCount = columns.count
        self.psuCount = psuCount
        dimensions = setting.scores.count
        k = setting.k
        profiles = 1 << dimensions
        let shifts = setting.shifts.count
        let profiles = self.profiles
        // Thousands of PSUs would make each table megabytes: then only the entries, in
        // dictionaries.
        let tabled = psuCount * profiles <= tableLimit
        let tableSize = psuCount * profiles
        var tables = [Double](repeating: 0, count: tabled ? shifts * domains * tableSize : 0)
        var dictionaries = [[Int: Double]](repeating: [:], count: tabled ? 0 : shifts * domains)
        var weight = [Double](repeating: 0, count: psuCount * domains)
        let domains = self.domains
        let rows = complete.count
        if tabled {
            // The tables in C (`integra_lagging_cells`), each cell adding its rows in order.
            tables.withUnsafeMutableBufferPointer { tables in
                weight.withUnsafeMutableBufferPointer { weight in
                    masks.withUnsafeBufferPointer { masks in
                        complete.withUnsafeBufferPointer { complete in
                            partition.domainOfRow.withUnsafeBufferPointer { domainOfRow in
                                precondition(masks.count == shifts * rows && domainOfRow.count == rows, "a row's profiles or domain is missing")
                                columns.forEachPass { weights, psuOfRow, pass in
                                    precondition(weights.count == rows && (psuOfRow?.count ?? rows) == rows, "a row's weight or PSU is missing")
                                    integra_lagging_cells(
                                        weights.baseAddress, psuOfRow?.baseAddress, pass, domainOfRow.baseAddress, masks.baseAddress, complete.baseAddress, rows,
                                        shifts, domains, psuCount, profiles, tables.baseAddress, weight.baseAddress)
                                }
                            }
                        }
                    }
                }
            }
        } else {
            columns.forEachPass { weights, psuOfRow, pass in
                for row in 0..<rows where complete[row] {
                    let psu = psuOfRow.map { Int($0[row]) } ?? pass
                    let domain = Int(partition.domainOfRow[row])
                    let w = weights[row]
                    weight[psu * domains + domain] += w
                    for s in 0..<shifts { dictionaries[s * domains + domain][psu * profiles + Int(masks[s * rows + row]), default: 0] += w }
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
    /// dimension is scored. A block of rows at a time, in it a score column at a time: the
    /// block's scores and profiles stay in the first-level cache over the dimensions' and
    /// shifts' passes, which over whole columns each read and wrote megabytes again.
    static func profiles(_ setting: Setting) -> (masks: [UInt8], complete: [Bool]) {
        let rows = setting.scores.first?.count ?? 0
        var complete = [Bool](repeating: true, count: rows)
        var masks = [UInt8](repeating: 0, count: setting.shifts.count * rows)
        // The cut-offs of every (dimension, shift), d · shifts + s.
        let cutoffs = setting.cutoffs.flatMap { cutoff in setting.shifts.map { min(max(cutoff + $0, 0), 1) - LaggingProfiles.tolerance } }
        let shifts = setting.shifts.count
        masks.withUnsafeMutableBufferPointer { masks in
            complete.withUnsafeMutableBufferPointer { complete in
                // The rows in one range per core: each writes only its own rows.
                nonisolated(unsafe) let (masks, complete) = (masks, complete)
                let ranges = RowRanges.perCore(rows)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
                    let block = 2048
                    for first in stride(from: ranges[part].lowerBound, to: ranges[part].upperBound, by: block) {
                        let rows = first..<min(first + block, ranges[part].upperBound)
                        for (d, column) in setting.scores.enumerated() {
                            column.withUnsafeBufferPointer { column in
                                for row in rows { complete[row] = complete[row] && !column[row].isNaN }
                                for s in 0..<shifts {
                                    let target = masks.baseAddress! + s * complete.count
                                    setBits(1 << d, of: target, where: column.baseAddress!, isBelow: cutoffs[d * shifts + s], rows: rows)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (masks, complete)
    }

    /// `target[row] |= bit` for the rows whose score is below `cutoff` (not NaN), eight rows
    /// at a time in vector registers: the compiler left the loop of one row at a time scalar,
    /// a compare, a set, a shift and an `or` to memory per row. No branch either way: whether
    /// a score is below a cut-off is a coin toss the processor cannot predict.
    @inline(__always)
    private static func setBits(_ bit: UInt8, of target: UnsafeMutablePointer<UInt8>, where scores: UnsafePointer<Double>, isBelow cutoff: Double, rows: Range<Int>) {
        var row = rows.lowerBound
        let cutoffs = SIMD8<Double>(repeating: cutoff)
        let bits = SIMD8<UInt8>(repeating: bit)
        while row + 8 <= rows.upperBound {
            let below = UnsafeRawPointer(scores + row).loadUnaligned(as: SIMD8<Double>.self) .< cutoffs
            let raw = UnsafeMutableRawPointer(target + row)
            let current = raw.loadUnaligned(as: SIMD8<UInt8>.self)
            raw.storeBytes(of: current | (SIMD8<UInt8>(truncatingIfNeeded: below._storage) & bits), as: SIMD8<UInt8>.self)
            row += 8
        }
        while row < rows.upperBound {
            target[row] |= unsafeBitCast(scores[row] < cutoff, to: UInt8.self) &* bit
            row += 1
        }
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
            // Eight profiles at a time (a table has at least eight: see `init`), in C
            // (`integra_profile_sums8`, two 256-bit vectors where the processor has AVX2).
            // A PSU a bootstrap draw leaves out (about a third of them) adds exactly nothing:
            // its profiles are not read.
            precondition(table.count == psuCount * profiles && censored.count >= profiles && (multipliers?.count ?? psuCount) >= psuCount)
            numerator = table.withUnsafeBufferPointer { table in
                censored.withUnsafeBufferPointer { censored in
                    if let multipliers {
                        return multipliers.withUnsafeBufferPointer { integra_profile_sums8(table.baseAddress, censored.baseAddress, $0.baseAddress, psuCount, profiles) }
                    }
                    return integra_profile_sums8(table.baseAddress, censored.baseAddress, nil, psuCount, profiles)
                }
            }
        }
        return denominator > 0 ? numerator / denominator : .nan
    }

    /// A run's bootstrap draws laid out for `adjustedHeadcounts(domain:draws:)`: by shift, four
    /// at a time, with the four draws' multipliers of each PSU and their censored shares of each
    /// profile side by side, one vector each. They are the same for every group variable and
    /// domain: made once, not for every domain's sums.
    struct DrawBatches: Sendable {
        struct Batch: Sendable {
            /// One to four draws; the lanes of a batch of fewer repeat its last draw.
            let draws: [Int]
            /// [psu] and [profile]: lane j the value of `draws[min(j, draws.count − 1)]`.
            let multipliers: [SIMD4<Double>]
            let censored: [SIMD4<Double>]
        }

        /// [shift]: the draws with that shift, in draw order.
        let batchesOfShift: [[Batch]]
        /// Every draw's own shares and multipliers, for the cells kept as tables.
        let censored: [[Double]]
        let multipliers: [[Double]]

        /// Draw i has shift `shifts[i]` (below `shiftCount`), `censored[i]` and `multipliers[i]`.
        init(shifts: [Int], shiftCount: Int, censored: [[Double]], multipliers: [[Double]]) {
            precondition(censored.count == shifts.count && multipliers.count == shifts.count, "a draw's shares or multipliers are missing")
            var drawsOfShift = [[Int]](repeating: [], count: shiftCount)
            for (draw, shift) in shifts.enumerated() { drawsOfShift[shift].append(draw) }
            batchesOfShift = drawsOfShift.map { draws in
                stride(from: 0, to: draws.count, by: 4).map { first in
                    let batch = Array(draws[first..<min(first + 4, draws.count)])
                    let lanes = (0..<4).map { batch[min($0, batch.count - 1)] }
                    /// Lane j of each vector: `values` of lane j's draw.
                    func sideBySide(_ values: [[Double]]) -> [SIMD4<Double>] {
                        let count = lanes.map { values[$0].count }.min()!
                        return (0..<count).map { SIMD4(values[lanes[0]][$0], values[lanes[1]][$0], values[lanes[2]][$0], values[lanes[3]][$0]) }
                    }
                    return Batch(draws: batch, multipliers: sideBySide(multipliers), censored: sideBySide(censored))
                }
            }
            self.censored = censored
            self.multipliers = multipliers
        }

        /// How many draws.
        var count: Int { censored.count }
    }

    /// `adjustedHeadcount` of a domain in every bootstrap draw of `draws`. The draws of a
    /// shift whose cells are a list of entries go through it four at a time, a draw to a vector
    /// lane, each lane multiplying and adding as `adjustedHeadcount` does (no fused
    /// multiply-add), in the same order: the same bits. One draw's sum was a chain of
    /// dependent additions, each waiting for the last, and each entry is now read once for four
    /// draws.
    func adjustedHeadcounts(domain: Int, draws: DrawBatches) -> [Double] {
        var values = [Double](repeating: .nan, count: draws.count)
        for (shift, batches) in draws.batchesOfShift.enumerated() {
            guard case .entries(let entries) = lists[shift * domains + domain] else {
                for draw in batches.flatMap(\.draws) {
                    values[draw] = adjustedHeadcount(domain: domain, shift: shift, censored: draws.censored[draw], multipliers: draws.multipliers[draw])
                }
                continue
            }
            for batch in batches {
                precondition(batch.multipliers.count >= psuCount && batch.censored.count >= profiles, "a draw's shares or multipliers are missing")
                var denominators = SIMD4<Double>.zero
                for psu in 0..<psuCount { denominators += batch.multipliers[psu] * SIMD4(repeating: weight[psu * domains + domain]) }
                var numerators = SIMD4<Double>.zero
                batch.multipliers.withUnsafeBufferPointer { m in
                    batch.censored.withUnsafeBufferPointer { c in
                        entries.withUnsafeBufferPointer { entries in
                            for entry in entries { numerators += m[Int(entry.psu)] * c[Int(entry.mask)] * SIMD4(repeating: entry.weight) }
                        }
                    }
                }
                for (lane, draw) in batch.draws.enumerated() {
                    values[draw] = denominators[lane] > 0 ? numerators[lane] / denominators[lane] : .nan
                }
            }
        }
        return values
    }

    /// `adjustedHeadcount` of a domain under each column's weights alone (for replicate
    /// columns).
    func adjustedHeadcounts(domain: Int, shift: Int, censored: [Double]) -> [Double] {
        var numerators = [Double](repeating: 0, count: psuCount)
        switch lists[shift * domains + domain] {
        case .entries(let entries):
            for entry in entries { numerators[Int(entry.psu)] += censored[Int(entry.mask)] * entry.weight }
        case .table(let table):
            for column in 0..<psuCount {
                for mask in 0..<profiles { numerators[column] += censored[mask] * table[column * profiles + mask] }
            }
        }
        return (0..<psuCount).map { column in
            let denominator = weight[column * domains + domain]
            return denominator > 0 ? numerators[column] / denominator : .nan
        }
    }
}
