import CVectorSums
import Foundation

/// Σ w·y and Σ w over the scored respondents of each (column, domain) cell, by dimension, a
/// column being a PSU (what a bootstrap draw reweights) or a replicate (`RankColumns`).
struct RankCellSums {
    let domains: Int
    let dimensions: Int
    let psuCount: Int
    /// The dimensions rounded up to a multiple of 4: a cell's room (`integra_composite_sums`).
    let lanes: Int
    /// [(domain · psuCount + psu) · lanes + d], zeros past the dimensions: a domain's PSUs one
    /// after the other, each with its dimensions side by side, for the draws.
    let weighted: [Double]
    let weight: [Double]

    /// Where dimension `d` of a (domain, PSU) cell is.
    @inline(__always)
    private static func place(domain: Int, psu: Int, d: Int, psuCount: Int, lanes: Int) -> Int { (domain * psuCount + psu) * lanes + d }

    private static func lanes(dimensions: Int) -> Int { (dimensions + 3) / 4 * 4 }

    init(scores: RespondentScores, dimensions indices: [Int], columns: RankColumns, partition: Partition) {
        domains = partition.domains.count
        dimensions = indices.count
        let psuCount = columns.count
        self.psuCount = psuCount
        let dimensions = indices.count
        let lanes = Self.lanes(dimensions: dimensions)
        self.lanes = lanes
        var weighted = [Double](repeating: 0, count: psuCount * domains * lanes)
        var weight = weighted
        // A column at a time, through buffers: each cell still adds its rows in file order.
        weighted.withUnsafeMutableBufferPointer { weighted in
            weight.withUnsafeMutableBufferPointer { weight in
                partition.domainOfRow.withUnsafeBufferPointer { domainOfRow in
                    columns.forEachPass { weights, psuOfRow, pass in
                        for (d, dimension) in indices.enumerated() {
                            scores.dimensions[dimension].withUnsafeBufferPointer { column in
                                for row in 0..<column.count where !column[row].isNaN {
                                    let cell = Self.place(
                                        domain: Int(domainOfRow[row]), psu: psuOfRow.map { Int($0[row]) } ?? pass, d: d, psuCount: psuCount, lanes: lanes)
                                    weighted[cell] += weights[row] * column[row]
                                    weight[cell] += weights[row]
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

    /// Whether the estimation's sums of a dimension over a partition (`DomainSums`, per domain
    /// and unit) are its cells for `design`: when its columns are the PSUs (no replicates,
    /// rows not their own units) and its units are the PSUs themselves, in order (one stage).
    /// Each cell then adds the same rows' w and w·y in the same order as `init(scores:…)`
    /// does: the same numbers, without another pass over the rows per dimension and group.
    static func areEstimationSums(for design: SurveyDesign) -> Bool {
        design.replicates == nil && !design.rowsAreUnits && design.unitCount == design.stratumOfPSU.count
            && design.psuOfUnit.enumerated().allSatisfy { $0.offset == Int($0.element) }
    }

    /// The cells from the estimation's sums of each dimension over the partition, in the
    /// order of the dimensions (see `areEstimationSums(for:)`).
    init(estimationSums sums: [DomainSums]) {
        domains = sums.first?.domainCount ?? 0
        dimensions = sums.count
        let psuCount = sums.first?.unitCount ?? 0
        self.psuCount = psuCount
        let lanes = Self.lanes(dimensions: dimensions)
        self.lanes = lanes
        var weighted = [Double](repeating: 0, count: psuCount * domains * lanes)
        var weight = weighted
        for (d, sums) in sums.enumerated() {
            for domain in 0..<domains {
                for psu in 0..<psuCount {
                    let place = Self.place(domain: domain, psu: psu, d: d, psuCount: psuCount, lanes: lanes)
                    weighted[place] = sums.weightedValue[domain * psuCount + psu]
                    weight[place] = sums.weight[domain * psuCount + psu]
                }
            }
        }
        self.weighted = weighted
        self.weight = weight
    }

    /// The composite of `composite(domain:weights:multipliers:)` under each column's weights
    /// alone (for replicate columns).
    func composites(domain: Int, weights: [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: psuCount)
        var totalWeight = total
        for d in 0..<dimensions {
            for column in 0..<psuCount {
                let place = Self.place(domain: domain, psu: column, d: d, psuCount: psuCount, lanes: lanes)
                guard weight[place] > 0 else { continue }
                total[column] += weights[d] * weighted[place] / weight[place]
                totalWeight[column] += weights[d]
            }
        }
        return (0..<psuCount).map { totalWeight[$0] > 0 ? total[$0] / totalWeight[$0] : .nan }
    }

    /// Σ_d w_d·μ_d / Σ_d w_d over the dimensions the domain has, its means taken with every
    /// PSU's weights times `multipliers` (all 1 when `nil`).
    func composite(domain: Int, weights: [Double], multipliers: [Double]?) -> Double {
        // Every dimension's Σ w·y and Σ w at once, in C (`integra_composite_sums`): a PSU's
        // cells are one vector per four dimensions, each dimension's sums adding the PSUs in order.
        precondition(domain >= 0 && domain < domains && weights.count >= dimensions && (multipliers?.count ?? psuCount) >= psuCount)
        // No PSU or no dimension: no mean to make a composite of (nor room to point at).
        guard psuCount > 0, lanes > 0 else { return .nan }
        let first = Self.place(domain: domain, psu: 0, d: 0, psuCount: psuCount, lanes: lanes)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * lanes) { sums in
            let sums = sums.baseAddress!
            weighted.withUnsafeBufferPointer { weighted in
                weight.withUnsafeBufferPointer { weight in
                    if let multipliers {
                        multipliers.withUnsafeBufferPointer {
                            integra_composite_sums(weighted.baseAddress! + first, weight.baseAddress! + first, $0.baseAddress, psuCount, lanes, sums, sums + lanes)
                        }
                    } else {
                        integra_composite_sums(weighted.baseAddress! + first, weight.baseAddress! + first, nil, psuCount, lanes, sums, sums + lanes)
                    }
                }
            }
            var total = 0.0
            var totalWeight = 0.0
            for d in 0..<dimensions {
                let sum = sums[d]
                let w = sums[lanes + d]
                guard w > 0 else { continue }
                total += weights[d] * sum / w
                totalWeight += weights[d]
            }
            return totalWeight > 0 ? total / totalWeight : .nan
        }
    }
}
