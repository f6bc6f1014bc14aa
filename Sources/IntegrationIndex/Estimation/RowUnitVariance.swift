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
