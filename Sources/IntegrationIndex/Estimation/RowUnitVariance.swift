/// Per (domain, stratum) moments of the linearized values, for designs whose rows are their
/// own PSUs: what their variances need, without an array cell per row and domain. Rows outside
/// a domain are PSUs with z = 0: they count in n_h but add nothing to the sums.
struct RowUnitMoments: Sendable {
    let strataCount: Int
    /// Σ z per `domain * strataCount + stratum`.
    var sums: [Double]
    /// Σ z², uncentred.
    var squares: [Double]
    /// Σ (z − m_h)² over all n_h PSUs of the stratum, m_h = Σ z / n_h (exactly centred).
    var centredSquares: [Double]
    /// Rows with positive weight, for the degrees of freedom.
    var positiveRows: [Int]

    /// Two passes over the rows whatever the number of domains: sums, then centred squares.
    /// For a ratio, `totalWeights` are the denominator's totals Σ w·x and `denominators` its
    /// values: z = w·(y − R·x)/Σ w·x.
    init(
        design: SurveyDesign, values: [Double], denominators: [Double]? = nil, domainOfRow: [Int32], domainCount: Int, statistic: Statistic,
        points: [Double], totalWeights: [Double]
    ) {
        let stage = design.stages[0]
        let strataCount = stage.groups.count
        let weights = design.weights
        let strata = design.stratumOfRow
        let mean = statistic != .total
        self.strataCount = strataCount
        let cells = domainCount * strataCount
        var sums = [Double](repeating: 0, count: cells)
        var squares = [Double](repeating: 0, count: cells)
        var inDomain = [Int](repeating: 0, count: cells)
        var positiveRows = [Int](repeating: 0, count: cells)
        func z(_ row: Int, _ d: Int) -> Double {
            if let denominators { return weights[row] * (values[row] - points[d] * denominators[row]) / totalWeights[d] }
            return mean ? weights[row] * (values[row] - points[d]) / totalWeights[d] : weights[row] * values[row]
        }
        for row in 0..<design.rowCount where !values[row].isNaN {
            let d = Int(domainOfRow[row])
            let cell = d * strataCount + Int(strata[row])
            if weights[row] > 0 { positiveRows[cell] += 1 }
            guard totalWeights[d] > 0 else { continue }
            let value = z(row, d)
            sums[cell] += value
            squares[cell] += value * value
            inDomain[cell] += 1
        }
        var means = [Double](repeating: 0, count: cells)
        for cell in 0..<cells { means[cell] = sums[cell] / Double(max(stage.groups[cell % strataCount].clusterCount, 1)) }
        var centred = [Double](repeating: 0, count: cells)
        for row in 0..<design.rowCount where !values[row].isNaN {
            let d = Int(domainOfRow[row])
            guard totalWeights[d] > 0 else { continue }
            let cell = d * strataCount + Int(strata[row])
            let deviation = z(row, d) - means[cell]
            centred[cell] += deviation * deviation
        }
        for cell in 0..<cells {
            centred[cell] += Double(stage.groups[cell % strataCount].clusterCount - inDomain[cell]) * means[cell] * means[cell]
        }
        self.sums = sums
        self.squares = squares
        self.centredSquares = centred
        self.positiveRows = positiveRows
    }

    private func range(_ domain: Int) -> Range<Int> { domain * strataCount..<(domain + 1) * strataCount }

    func variance(domain: Int, design: SurveyDesign) -> Double {
        design.stages[0].variance(
            groupSums: Array(sums[range(domain)]), centredSquares: Array(centredSquares[range(domain)]), lonelyPSU: design.lonelyPSU,
            multiplier: nil, scalesAverageOverGroups: true)
    }

    /// The variance of z_a − z_b: the domains are disjoint, so per stratum Σ(z_a − z_b)² =
    /// Σz_a² + Σz_b², centred over the stratum's n_h PSUs.
    func varianceOfDifference(_ a: Int, _ b: Int, design: SurveyDesign) -> Double {
        let groups = design.stages[0].groups
        var sums = [Double](repeating: 0, count: strataCount)
        var centred = [Double](repeating: 0, count: strataCount)
        for h in 0..<strataCount {
            let n = Double(max(groups[h].clusterCount, 1))
            sums[h] = self.sums[a * strataCount + h] - self.sums[b * strataCount + h]
            centred[h] = max(squares[a * strataCount + h] + squares[b * strataCount + h] - sums[h] * sums[h] / n, 0)
        }
        return design.stages[0].variance(groupSums: sums, centredSquares: centred, lonelyPSU: design.lonelyPSU, multiplier: nil, scalesAverageOverGroups: true)
    }

    /// Rows with positive weight in the domains minus their strata.
    func degreesOfFreedom(domains: [Int]) -> Int {
        var rows = 0
        var strata = 0
        for h in 0..<strataCount {
            let count = domains.reduce(0) { $0 + positiveRows[$1 * strataCount + h] }
            rows += count
            if count > 0 { strata += 1 }
        }
        return rows - strata
    }
}
