/// What Taylor linearization needs of a calibrated design (`survey-statistics.md`,
/// "Calibration"): each linearized value z_i is replaced by z_i − c_i·A(cell_i), its residual
/// on the calibration variables, where c are the calibrated weights and A a value per joint
/// cell found from the cells' sums of u = z / c:
///
/// - regression (`poststratify`, `linear`, `raking`, `logit`, as R's `svyrecvar` does with
///   its stored QR): A(cell) = x_cell'B, B = (Σ w·x·x')⁻¹ Σ w·x·u with the design weights w;
/// - alternating projections (`rake`, as R does for a raked design): ten sweeps over the
///   margins, each removing the plain mean of u within every cell of the margin.
///
/// Every calibration variable is categorical, so both need sums per joint cell only, and
/// the unit totals of the residuals are z's unit totals minus Σ_cell (Σ c in unit and cell)·A.
public struct CalibrationResiduals: Sendable {
    enum Projection: Sendable {
        case regression(columns: [[Double]], inverse: [Double], size: Int)
        case alternating(marginCellOfCell: [[Int32]], marginCellCounts: [Int], rowsPerCell: [Int], marginSizes: [Int])
    }

    let projection: Projection
    let cellOfRow: [Int32]
    let cellCount: Int
    /// The weight of each row in the sums of u: its design weight (regression) or 1.
    let sumWeights: [Double]?
    /// Σ c per `unit * cellCount + cell`; empty when rows are their own PSUs.
    let unitCellWeights: [Double]

    init(cells: CalibrationCells, model: CalibrationModel, method: CalibrationMethod, designWeights: [Double], calibratedWeights: [Double], unitOfRow: [Int32]?, unitCount: Int) {
        cellOfRow = cells.cellOfRow
        cellCount = cells.cellCount
        if method == .rake {
            var counts: [Int] = []
            var sizes: [Int] = []
            for (m, margin) in cells.margins.enumerated() {
                var perCell = [Int](repeating: 0, count: margin.cells.count)
                for (c, rows) in cells.rowsPerCell.enumerated() { perCell[Int(cells.marginCellOfCell[m][c])] += rows }
                counts += perCell
                sizes.append(margin.cells.count)
            }
            projection = .alternating(marginCellOfCell: cells.marginCellOfCell, marginCellCounts: counts, rowsPerCell: cells.rowsPerCell, marginSizes: sizes)
            sumWeights = nil
        } else {
            let inverse = pseudoInverse(model.crossProduct(cells.totals(of: designWeights)), size: model.size)
            projection = .regression(columns: model.columns, inverse: inverse, size: model.size)
            sumWeights = designWeights
        }
        if let unitOfRow {
            var totals = [Double](repeating: 0, count: unitCount * cellCount)
            for row in cellOfRow.indices { totals[Int(unitOfRow[row]) * cellCount + Int(cellOfRow[row])] += calibratedWeights[row] }
            unitCellWeights = totals
        } else {
            unitCellWeights = []
        }
    }

    /// Σ a·y, Σ a and Σ a·x (a ratio's denominator) per `domain * cellCount + cell` over the
    /// rows with a value, a the row's weight in the sums of u.
    struct Sums: Sendable {
        var value: [Double]
        var weight: [Double]
        var denominator: [Double]
    }

    func sums(values: [Double], denominators: [Double]?, domainOfRow: [Int32], domainCount: Int) -> Sums {
        var sums = Sums(
            value: [Double](repeating: 0, count: domainCount * cellCount), weight: [Double](repeating: 0, count: domainCount * cellCount),
            denominator: denominators == nil ? [] : [Double](repeating: 0, count: domainCount * cellCount))
        for row in values.indices where !values[row].isNaN {
            let a = sumWeights?[row] ?? 1
            let index = Int(domainOfRow[row]) * cellCount + Int(cellOfRow[row])
            sums.value[index] += a * values[row]
            sums.weight[index] += a
            if let denominators { sums.denominator[index] += a * denominators[row] }
        }
        return sums
    }

    /// A per joint cell for the linearized values of `statistic` in `domain`, whose point
    /// estimate is `point` and whose total weight (a ratio: denominator total) is `total`.
    func adjustment(_ statistic: Statistic, domain: Int, sums: Sums, point: Double, total: Double) -> [Double] {
        let base = domain * cellCount
        let u: [Double] = (0..<cellCount).map { c in
            switch statistic {
            case .mean, .proportion, .difference: (sums.value[base + c] - point * sums.weight[base + c]) / total
            case .total: sums.value[base + c]
            case .ratio: (sums.value[base + c] - point * sums.denominator[base + c]) / total
            }
        }
        return project(u)
    }

    /// A from the cells' sums of a·u.
    func project(_ cellSums: [Double]) -> [Double] {
        switch projection {
        case .regression(let columns, let inverse, let size):
            var xu = [Double](repeating: 0, count: size)
            for (c, row) in columns.enumerated() where cellSums[c] != 0 {
                for k in 0..<size where row[k] != 0 { xu[k] += row[k] * cellSums[c] }
            }
            let b = multiply(inverse, xu)
            return columns.map { row in (0..<size).reduce(0) { $0 + row[$1] * b[$1] } }
        case .alternating(let marginCellOfCell, let counts, let rowsPerCell, let sizes):
            var remaining = cellSums
            var a = [Double](repeating: 0, count: cellCount)
            for _ in 0..<10 {
                var offset = 0
                for (m, size) in sizes.enumerated() {
                    var sums = [Double](repeating: 0, count: size)
                    for c in 0..<cellCount { sums[Int(marginCellOfCell[m][c])] += remaining[c] }
                    for c in 0..<cellCount {
                        let k = Int(marginCellOfCell[m][c])
                        let mean = sums[k] / Double(counts[offset + k])
                        remaining[c] -= Double(rowsPerCell[c]) * mean
                        a[c] += mean
                    }
                    offset += size
                }
            }
            return a
        }
    }

    /// Unit totals of the residuals: z's unit totals minus Σ_cell (Σ c in unit and cell)·A.
    func residualUnitTotals(_ z: [Double], adjustment a: [Double]) -> [Double] {
        var e = z
        for unit in e.indices {
            let base = unit * cellCount
            var sum = 0.0
            for c in 0..<cellCount { sum += unitCellWeights[base + c] * a[c] }
            e[unit] -= sum
        }
        return e
    }
}

extension CalibrationResiduals {
    /// The variance of Σ e over rows that are their own PSUs, from each row's residual e:
    /// per stratum, n_h/(n_h − 1)·Σ(e − ē_h)² with the stage's fpc and lonely-PSU rule.
    func rowVariance(design: SurveyDesign, residual: (Int) -> Double) -> Double {
        let stage = design.stages[0]
        let strata = design.stratumOfRow
        var sums = [Double](repeating: 0, count: stage.groups.count)
        var squares = sums
        for row in 0..<design.rowCount {
            let e = residual(row)
            let h = Int(strata[row])
            sums[h] += e
            squares[h] += e * e
        }
        let centred = stage.groups.indices.map { h in max(squares[h] - sums[h] * sums[h] / Double(max(stage.groups[h].clusterCount, 1)), 0) }
        return stage.variance(groupSums: sums, centredSquares: centred, lonelyPSU: design.lonelyPSU, multiplier: nil, scalesAverageOverGroups: true)
    }
}
