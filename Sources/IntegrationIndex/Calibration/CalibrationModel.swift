/// The calibration variables as a regression model over joint cells: an intercept, then for
/// each margin an indicator of each of its cells but the first (R's treatment contrasts for
/// `~ m1 + m2 + …`), with the population totals they must reach. Post-stratification uses
/// one indicator per cell instead: the same space, and a diagonal cross-product.
struct CalibrationModel: Sendable {
    /// `columns[c]`: the model row of joint cell c.
    let columns: [[Double]]
    let populations: [Double]
    var size: Int { populations.count }

    init(cells: CalibrationCells, method: CalibrationMethod) {
        if method == .poststratify {
            let margin = cells.margins[0]
            columns = (0..<cells.cellCount).map { c in
                var row = [Double](repeating: 0, count: margin.cells.count)
                row[Int(cells.marginCellOfCell[0][c])] = 1
                return row
            }
            populations = margin.populations
            return
        }
        var populations = [cells.margins[0].total]
        for margin in cells.margins { populations += margin.populations.dropFirst() }
        self.populations = populations
        columns = (0..<cells.cellCount).map { c in
            var row = [1.0]
            for (m, margin) in cells.margins.enumerated() {
                var indicators = [Double](repeating: 0, count: margin.cells.count - 1)
                let cell = Int(cells.marginCellOfCell[m][c])
                if cell > 0 { indicators[cell - 1] = 1 }
                row += indicators
            }
            return row
        }
    }

    /// Σ_c weights[c]·x_c.
    func totals(_ weights: [Double]) -> [Double] {
        var totals = [Double](repeating: 0, count: size)
        for (c, row) in columns.enumerated() where weights[c] != 0 {
            for k in 0..<size where row[k] != 0 { totals[k] += weights[c] * row[k] }
        }
        return totals
    }

    /// Σ_c weights[c]·x_c·x_c', row-major.
    func crossProduct(_ weights: [Double]) -> [Double] {
        var product = [Double](repeating: 0, count: size * size)
        for (c, row) in columns.enumerated() where weights[c] != 0 {
            for i in 0..<size where row[i] != 0 {
                for j in 0..<size where row[j] != 0 { product[i * size + j] += weights[c] * row[i] * row[j] }
            }
        }
        return product
    }

    func dot(_ c: Int, _ vector: [Double]) -> Double {
        var sum = 0.0
        for k in 0..<size where columns[c][k] != 0 { sum += columns[c][k] * vector[k] }
        return sum
    }
}
