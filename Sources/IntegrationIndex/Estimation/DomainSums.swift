/// Weighted sums of one variable for every (domain, unit) cell of one partition: the
/// sufficient statistics of Taylor linearization. Sums over disjoint rows add, so chunks of
/// a file or of the rows could be summed apart and added (not needed yet: the (variable,
/// group) passes already keep both cores busy).
struct DomainSums: Sendable {
    let domainCount: Int
    let unitCount: Int
    /// Σ w·δ per `domain * unitCount + unit`.
    var weight: [Double]
    /// Σ w·δ·y per `domain * unitCount + unit`.
    var weightedValue: [Double]
    /// Σ w·δ·y² per domain (for the design effect).
    var weightedSquare: [Double]
    /// Σ δ per domain.
    var count: [Int]
    /// Σ w·δ·x per `domain * unitCount + unit`, for a ratio's denominator x; empty otherwise.
    var weightedDenominator: [Double] = []

    init(domainCount: Int, unitCount: Int) {
        self.domainCount = domainCount
        self.unitCount = unitCount
        weight = [Double](repeating: 0, count: domainCount * unitCount)
        weightedValue = weight
        weightedSquare = [Double](repeating: 0, count: domainCount)
        count = [Int](repeating: 0, count: domainCount)
    }

    mutating func add(rows: Range<Int>, values: [Double], denominators: [Double]? = nil, weights: [Double], unitOfRow: [Int32], domainOfRow: [Int32]) {
        let units = unitCount
        if let denominators {
            // A ratio's denominator sums, beside the sums every statistic needs.
            if weightedDenominator.isEmpty { weightedDenominator = [Double](repeating: 0, count: weight.count) }
            for row in rows where !values[row].isNaN {
                weightedDenominator[Int(domainOfRow[row]) * units + Int(unitOfRow[row])] += weights[row] * denominators[row]
            }
        }
        values.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                unitOfRow.withUnsafeBufferPointer { unit in
                    domainOfRow.withUnsafeBufferPointer { domain in
                        weight.withUnsafeMutableBufferPointer { sumW in
                            weightedValue.withUnsafeMutableBufferPointer { sumWY in
                                for row in rows {
                                    let value = y[row]
                                    if value.isNaN { continue }
                                    let d = Int(domain[row])
                                    let cell = d * units + Int(unit[row])
                                    let wi = w[row]
                                    sumW[cell] += wi
                                    sumWY[cell] += wi * value
                                    weightedSquare[d] += wi * value * value
                                    count[d] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func totalWeight(domain: Int) -> Double {
        var total = 0.0
        for unit in 0..<unitCount { total += weight[domain * unitCount + unit] }
        return total
    }

    func totalValue(domain: Int) -> Double {
        var total = 0.0
        for unit in 0..<unitCount { total += weightedValue[domain * unitCount + unit] }
        return total
    }

    /// Σ w·δ·x of a ratio's denominator in `domain`.
    func totalDenominator(domain: Int) -> Double {
        var total = 0.0
        for unit in 0..<unitCount { total += weightedDenominator[domain * unitCount + unit] }
        return total
    }

    /// The point estimate of `statistic` in `domain` and each unit's total of its linearized
    /// values: for a mean w·δ·(y − ȳ)/Σw·δ, for a total w·δ·y, for a ratio
    /// w·δ·(y − R·x)/Σw·δ·x.
    func linearized(_ statistic: Statistic, domain: Int) -> (estimate: Double, unitTotals: [Double]) {
        let base = domain * unitCount
        let totalWeight = totalWeight(domain: domain)
        let totalValue = totalValue(domain: domain)
        var z = [Double](repeating: 0, count: unitCount)
        switch statistic {
        case .mean, .proportion, .difference:
            let mean = totalValue / totalWeight
            for unit in 0..<unitCount { z[unit] = (weightedValue[base + unit] - mean * weight[base + unit]) / totalWeight }
            return (mean, z)
        case .total:
            for unit in 0..<unitCount { z[unit] = weightedValue[base + unit] }
            return (totalValue, z)
        case .ratio:
            let totalDenominator = totalDenominator(domain: domain)
            let ratio = totalValue / totalDenominator
            for unit in 0..<unitCount { z[unit] = (weightedValue[base + unit] - ratio * weightedDenominator[base + unit]) / totalDenominator }
            return (ratio, z)
        }
    }
}
