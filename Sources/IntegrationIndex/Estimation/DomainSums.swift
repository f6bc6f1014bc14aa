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
                                if Self.runsAreLong(domain, rows) {
                                    Self.addRuns(
                                        rows: rows, y: y, w: w, unit: unit, domain: domain, units: units, sumW: sumW, sumWY: sumWY, weightedSquare: &weightedSquare,
                                        count: &count)
                                    return
                                }
                                weightedSquare.withUnsafeMutableBufferPointer { square in
                                    count.withUnsafeMutableBufferPointer { count in
                                        // One check per row, that the domain is one of the
                                        // partition's (a public type); no count can overflow
                                        // (one per row).
                                        let domains = UInt(square.count)
                                        for row in rows {
                                            let value = y[row]
                                            if value.isNaN { continue }
                                            let d = Int(domain[row])
                                            precondition(UInt(bitPattern: d) < domains, "a row's domain is outside its partition")
                                            let cell = d &* units &+ Int(unit[row])
                                            let wi = w[row]
                                            sumW[cell] += wi
                                            sumWY[cell] += wi * value
                                            square[d] += wi * value * value
                                            count[d] &+= 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether rows stay in one domain for several rows on end, judged from the first few
    /// thousand: the whole sample, a province in a file sorted by PSU. Only which loop adds
    /// the rows depends on it, not a single sum.
    private static func runsAreLong(_ domain: UnsafeBufferPointer<Int32>, _ rows: Range<Int>) -> Bool {
        let sample = rows.prefix(4096)
        guard sample.count > 1 else { return false }
        var changes = 0
        for row in sample.dropFirst() where domain[row] != domain[row - 1] { changes += 1 }
        return changes * 8 < sample.count
    }

    /// The sums of `add` for rows that stay in a cell and a domain for long runs: a cell's
    /// and a domain's running sums are kept in registers while the rows stay in it, and put
    /// back when they leave. Each sum adds the same rows in the same order as adding into
    /// memory row by row, which waited at every row on the store before (the next row adds
    /// to the same place).
    private static func addRuns(
        rows: Range<Int>, y: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Double>, unit: UnsafeBufferPointer<Int32>,
        domain: UnsafeBufferPointer<Int32>, units: Int, sumW: UnsafeMutableBufferPointer<Double>, sumWY: UnsafeMutableBufferPointer<Double>,
        weightedSquare: inout [Double], count: inout [Int]
    ) {
        var cell = -1
        var cellWeight = 0.0
        var cellValue = 0.0
        var current = -1
        var square = 0.0
        var n = 0
        for row in rows {
            let value = y[row]
            if value.isNaN { continue }
            let d = Int(domain[row])
            let rowCell = d &* units &+ Int(unit[row])
            if rowCell != cell {
                precondition(d >= 0 && d < count.count, "a row's domain is outside its partition")
                if cell >= 0 {
                    sumW[cell] = cellWeight
                    sumWY[cell] = cellValue
                }
                cell = rowCell
                cellWeight = sumW[cell]
                cellValue = sumWY[cell]
            }
            if d != current {
                if current >= 0 {
                    weightedSquare[current] = square
                    count[current] = n
                }
                current = d
                square = weightedSquare[d]
                n = count[d]
            }
            let wi = w[row]
            cellWeight += wi
            cellValue += wi * value
            square += wi * value * value
            n &+= 1
        }
        if cell >= 0 {
            sumW[cell] = cellWeight
            sumWY[cell] = cellValue
        }
        if current >= 0 {
            weightedSquare[current] = square
            count[current] = n
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
