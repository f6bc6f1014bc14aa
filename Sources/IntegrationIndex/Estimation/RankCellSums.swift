import Foundation

/// Σ w·y and Σ w over the scored respondents of each (column, domain) cell, by dimension, a
/// column being a PSU (what a bootstrap draw reweights) or a replicate (`RankColumns`).
struct RankCellSums {
    let domains: Int
    let dimensions: Int
    let psuCount: Int
    /// [(domain · dimensions + d) · psuCount + psu]: a domain's PSUs side by side for the draws.
    let weighted: [Double]
    let weight: [Double]

    init(scores: RespondentScores, dimensions indices: [Int], columns: RankColumns, partition: Partition) {
        domains = partition.domains.count
        dimensions = indices.count
        let psuCount = columns.count
        self.psuCount = psuCount
        let dimensions = indices.count
        var weighted = [Double](repeating: 0, count: psuCount * domains * dimensions)
        var weight = weighted
        // A column at a time, through buffers: each cell still adds its rows in file order.
        weighted.withUnsafeMutableBufferPointer { weighted in
            weight.withUnsafeMutableBufferPointer { weight in
                partition.domainOfRow.withUnsafeBufferPointer { domainOfRow in
                    columns.forEachPass { weights, psuOfRow, pass in
                        for (d, dimension) in indices.enumerated() {
                            scores.dimensions[dimension].withUnsafeBufferPointer { column in
                                for row in 0..<column.count where !column[row].isNaN {
                                    let cell = (Int(domainOfRow[row]) * dimensions + d) * psuCount + (psuOfRow.map { Int($0[row]) } ?? pass)
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
        psuCount = sums.first?.unitCount ?? 0
        var weighted = [Double](repeating: 0, count: psuCount * domains * dimensions)
        var weight = weighted
        for (d, sums) in sums.enumerated() {
            for domain in 0..<domains {
                let cells = (domain * dimensions + d) * psuCount
                weighted[cells..<(cells + psuCount)] = sums.weightedValue[(domain * psuCount)..<((domain + 1) * psuCount)]
                weight[cells..<(cells + psuCount)] = sums.weight[(domain * psuCount)..<((domain + 1) * psuCount)]
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
            let first = (domain * dimensions + d) * psuCount
            for column in 0..<psuCount where weight[first + column] > 0 {
                total[column] += weights[d] * weighted[first + column] / weight[first + column]
                totalWeight[column] += weights[d]
            }
        }
        return (0..<psuCount).map { totalWeight[$0] > 0 ? total[$0] / totalWeight[$0] : .nan }
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
