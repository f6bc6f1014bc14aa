extension SurveyDesign {
    /// The linearization variance of a design whose rows are its own PSUs, from the
    /// linearized value of each row (`nil` for rows outside the domain, which count as PSUs
    /// with z = 0). Two passes over the rows, with a per-stratum mean in between, keep the
    /// sum of squares exactly centred without a per-row array.
    func rowUnitVariance(_ z: (Int) -> Double?) -> Double {
        let stage = stages[0]
        let strataCount = stage.groups.count
        var sums = [Double](repeating: 0, count: strataCount)
        var inDomain = [Int](repeating: 0, count: strataCount)
        for row in 0..<rowCount {
            guard let value = z(row) else { continue }
            let h = Int(stratumOfRow[row])
            sums[h] += value
            inDomain[h] += 1
        }
        let means = stage.groups.indices.map { sums[$0] / Double(max(stage.groups[$0].clusterCount, 1)) }
        var squares = [Double](repeating: 0, count: strataCount)
        for row in 0..<rowCount {
            guard let value = z(row) else { continue }
            let h = Int(stratumOfRow[row])
            let centred = value - means[h]
            squares[h] += centred * centred
        }
        for h in 0..<strataCount {
            squares[h] += Double(stage.groups[h].clusterCount - inDomain[h]) * means[h] * means[h]
        }
        return stage.variance(groupSums: sums, centredSquares: squares, lonelyPSU: lonelyPSU, multiplier: nil, scalesAverageOverGroups: true)
    }

    /// Degrees of freedom of a domain of a design whose rows are its PSUs: rows with positive
    /// weight in the domain minus their strata.
    func rowUnitDegreesOfFreedom(_ inDomain: (Int) -> Bool) -> Int {
        var rows = 0
        var strata = Set<Int32>()
        for row in 0..<rowCount where weights[row] > 0 && inDomain(row) {
            rows += 1
            strata.insert(stratumOfRow[row])
        }
        return rows - strata.count
    }
}

extension SurveyDesign {
    /// `rowUnitVariance` for every domain of a partition at once: two passes over the rows
    /// whatever the number of domains, sums kept per (domain, stratum).
    func rowUnitVariances(values: [Double], domainOfRow: [Int32], domainCount: Int, statistic: Statistic, points: [Double], totalWeights: [Double]) -> [Double] {
        let stage = stages[0]
        let strataCount = stage.groups.count
        let mean = statistic != .total
        var sums = [Double](repeating: 0, count: domainCount * strataCount)
        var inDomain = [Int](repeating: 0, count: domainCount * strataCount)
        func z(_ row: Int, _ d: Int) -> Double {
            mean ? weights[row] * (values[row] - points[d]) / totalWeights[d] : weights[row] * values[row]
        }
        for row in 0..<rowCount where !values[row].isNaN {
            let d = Int(domainOfRow[row])
            guard totalWeights[d] > 0 else { continue }
            let cell = d * strataCount + Int(stratumOfRow[row])
            sums[cell] += z(row, d)
            inDomain[cell] += 1
        }
        var means = [Double](repeating: 0, count: domainCount * strataCount)
        for cell in means.indices { means[cell] = sums[cell] / Double(max(stage.groups[cell % strataCount].clusterCount, 1)) }
        var squares = [Double](repeating: 0, count: domainCount * strataCount)
        for row in 0..<rowCount where !values[row].isNaN {
            let d = Int(domainOfRow[row])
            guard totalWeights[d] > 0 else { continue }
            let cell = d * strataCount + Int(stratumOfRow[row])
            let centred = z(row, d) - means[cell]
            squares[cell] += centred * centred
        }
        return (0..<domainCount).map { d in
            let range = d * strataCount..<(d + 1) * strataCount
            var domainSquares = Array(squares[range])
            for h in 0..<strataCount {
                let cell = d * strataCount + h
                domainSquares[h] += Double(stage.groups[h].clusterCount - inDomain[cell]) * means[cell] * means[cell]
            }
            return stage.variance(
                groupSums: Array(sums[range]), centredSquares: domainSquares, lonelyPSU: lonelyPSU, multiplier: nil, scalesAverageOverGroups: true)
        }
    }

    /// Degrees of freedom of every domain of a design whose rows are its PSUs.
    func rowUnitDegreesOfFreedom(values: [Double], domainOfRow: [Int32], domainCount: Int) -> [Int] {
        let strataCount = stages[0].groups.count
        var rows = [Int](repeating: 0, count: domainCount * strataCount)
        for row in 0..<rowCount where weights[row] > 0 && !values[row].isNaN {
            rows[Int(domainOfRow[row]) * strataCount + Int(stratumOfRow[row])] += 1
        }
        return (0..<domainCount).map { d in
            let counts = rows[d * strataCount..<(d + 1) * strataCount]
            return counts.reduce(0, +) - counts.filter { $0 > 0 }.count
        }
    }
}
