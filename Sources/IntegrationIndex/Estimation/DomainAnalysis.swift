import Foundation

/// Everything one variable needs over one partition, summed in one pass over the rows: per
/// (domain, unit) sums for linearization, per (domain, replicate) sums for replicate weights,
/// or per (domain, stratum) moments when rows are their own PSUs. Estimates and differences
/// of every domain are then read from it without touching the rows again.
struct DomainAnalysis {
    let design: SurveyDesign
    let variable: AnalysisVariable
    let partition: Partition
    let sums: DomainSums
    let replicates: ReplicateSums?
    let rowUnits: RowUnitMoments?
    /// Per (domain, calibration cell) sums, for the residuals of a calibrated design.
    let calibrationSums: CalibrationResiduals.Sums?

    /// `sums`, when given, are the variable's sums made elsewhere (the counting view makes
    /// all its sums in one pass over the rows); they must be those `DomainSums.add` makes.
    /// `calibrationSums`, likewise, those `CalibrationResiduals.sums` makes (given with `sums`).
    init(
        design: SurveyDesign, variable: AnalysisVariable, partition: Partition, sums given: DomainSums? = nil,
        calibrationSums givenCalibrationSums: CalibrationResiduals.Sums? = nil
    ) {
        self.design = design
        self.variable = variable
        self.partition = partition
        let domainCount = partition.domains.count
        if let given {
            sums = given
        } else {
            // Rows that are their own PSUs need no per-unit cells: one cell per domain suffices.
            var sums = DomainSums(domainCount: domainCount, unitCount: design.rowsAreUnits ? 1 : design.unitCount)
            sums.add(
                rows: 0..<design.rowCount, values: variable.values, denominators: variable.denominator, weights: design.weights,
                unitOfRow: design.rowsAreUnits ? [Int32](repeating: 0, count: design.rowCount) : design.unitOfRow,
                domainOfRow: partition.domainOfRow)
            self.sums = sums
        }
        let sums = self.sums
        if let replicateWeights = design.replicates {
            var replicateSums = ReplicateSums(domainCount: domainCount, replicateCount: replicateWeights.columns.count)
            replicateSums.add(values: variable.values, denominators: variable.denominator, replicates: replicateWeights, domainOfRow: partition.domainOfRow)
            replicates = replicateSums
        } else {
            replicates = nil
        }
        calibrationSums = givenCalibrationSums ?? design.calibration?.sums(
            values: variable.values, denominators: variable.denominator, domainOfRow: partition.domainOfRow, domainCount: domainCount)
        if design.rowsAreUnits {
            let domains = 0..<domainCount
            rowUnits = RowUnitMoments(
                design: design, values: variable.values, denominators: variable.denominator, domainOfRow: partition.domainOfRow,
                domainCount: domainCount, statistic: variable.statistic,
                points: domains.map { sums.linearized(variable.statistic, domain: $0).estimate },
                totalWeights: domains.map { variable.statistic == .ratio ? sums.totalDenominator(domain: $0) : sums.totalWeight(domain: $0) })
        } else {
            rowUnits = nil
        }
    }

    /// The sums of up to `DomainSums.lanes` variables (none a ratio) over `partition`, in one
    /// pass over the rows: what `init` would make for each of them.
    static func sums(of variables: [[Double]], design: SurveyDesign, partition: Partition) -> [DomainSums] {
        DomainSums.summing(
            variables, weights: design.weights, unitOfRow: design.rowsAreUnits ? nil : design.unitOfRow, domainOfRow: partition.domainOfRow,
            domainCount: partition.domains.count, unitCount: design.unitCount)
    }

    private func degreesOfFreedom(_ domains: [Int]) -> Int {
        if let rowUnits, design.replicates == nil { return rowUnits.degreesOfFreedom(domains: domains) }
        let units = sums.unitCount
        return design.degreesOfFreedom { unit in domains.reduce(0) { $0 + sums.weight[$1 * units + unit] } }
    }

    func estimate(domain: Int) -> Estimate {
        let totalWeight = sums.totalWeight(domain: domain)
        let n = sums.count[domain]
        let df = degreesOfFreedom([domain])
        var result = Estimate(
            statistic: variable.statistic, variable: variable.name, level: variable.level, partition: partition.key,
            domain: partition.domains[domain], n: n, weightedN: totalWeight, estimate: .nan, standardError: .nan,
            degreesOfFreedom: df, interval: nil, designEffect: nil)
        guard totalWeight > 0, variable.statistic != .ratio || sums.totalDenominator(domain: domain) != 0 else { return result }

        let (point, z) = sums.linearized(variable.statistic, domain: domain)
        let variance: Double
        // With replicate weights, a proportion's logit interval takes its SE from the
        // replicates' log-odds, as R's svyciprop (a quasibinomial fit per replicate) does.
        var logitStandardError: Double?
        if let replicateWeights = design.replicates, let replicates {
            let thetas = replicates.estimates(variable.statistic, domain: domain)
            variance = replicateWeights.variance(replicates: thetas, full: point)
            if variable.statistic == .proportion {
                func logit(_ p: Double) -> Double { log(p / (1 - p)) }
                logitStandardError = replicateWeights.variance(replicates: thetas.map(logit), full: logit(point)).squareRoot()
            }
        } else if let calibration = design.calibration, let calibrationSums {
            let a = calibration.adjustment(variable.statistic, domain: domain, sums: calibrationSums, point: point, total: scale(domain))
            variance = calibratedVariance(z: z, adjustment: a, domains: [(domain, point, 1)])
        } else if let rowUnits {
            variance = rowUnits.variance(domain: domain, design: design)
        } else {
            variance = design.variance(unitTotals: z)
        }
        result.estimate = point
        result.standardError = variance.squareRoot()
        result.interval = Estimator.interval(
            estimate: point, standardError: result.standardError, degreesOfFreedom: df,
            logit: variable.statistic == .proportion, logitStandardError: logitStandardError)

        // Design effect as R's `deff = TRUE`: V over the variance of the same statistic under
        // simple random sampling without replacement of n from N̂.
        if n > 1, variable.statistic != .ratio {
            let mean = sums.totalValue(domain: domain) / totalWeight
            let meanSquare = sums.weightedSquare[domain] / totalWeight
            let sampleVariance = max(meanSquare - mean * mean, 0) * Double(n) / Double(n - 1)
            var simpleVariance = sampleVariance / Double(n) * (totalWeight - Double(n)) / totalWeight
            if variable.statistic == .total { simpleVariance *= totalWeight * totalWeight }
            if simpleVariance > 0 { result.designEffect = variance / simpleVariance }
        }
        return result
    }

    /// What a domain's linearized values are divided by: its total weight, or for a ratio its
    /// denominator's total (1 for a total).
    private func scale(_ domain: Int) -> Double {
        switch variable.statistic {
        case .ratio: sums.totalDenominator(domain: domain)
        case .total: 1
        default: sums.totalWeight(domain: domain)
        }
    }

    /// The variance of the residuals of Σ sign·z over `domains` on the calibration variables:
    /// from unit totals, or row by row when rows are their own PSUs (every row has a residual,
    /// in the domains or not).
    private func calibratedVariance(z: [Double], adjustment a: [Double], domains: [(domain: Int, point: Double, sign: Double)]) -> Double {
        let calibration = design.calibration!
        guard design.rowsAreUnits else { return design.variance(unitTotals: calibration.residualUnitTotals(z, adjustment: a)) }
        let values = variable.values, denominators = variable.denominator, weights = design.weights
        let domainOfRow = partition.domainOfRow
        let scales = domains.map { scale($0.domain) }
        let statistic = variable.statistic
        return calibration.rowVariance(design: design) { row in
            var e = -weights[row] * a[Int(calibration.cellOfRow[row])]
            let value = values[row]
            guard !value.isNaN, let k = domains.firstIndex(where: { $0.domain == Int(domainOfRow[row]) }) else { return e }
            let point = domains[k].point
            let z: Double = switch statistic {
            case .total: weights[row] * value
            case .ratio: weights[row] * (value - point * denominators![row]) / scales[k]
            default: weights[row] * (value - point) / scales[k]
            }
            e += domains[k].sign * z
            return e
        }
    }

    /// Domain `a` minus domain `b`, with the SE of the difference itself: the domains share
    /// PSUs, so it is not √(V_a + V_b).
    func difference(_ a: Int, _ b: Int) -> Estimate {
        let (pointA, zA) = sums.linearized(variable.statistic, domain: a)
        let (pointB, zB) = sums.linearized(variable.statistic, domain: b)
        let point = pointA - pointB
        let variance: Double
        if let replicateWeights = design.replicates, let replicates {
            let thetas = zip(replicates.estimates(variable.statistic, domain: a), replicates.estimates(variable.statistic, domain: b)).map { $0 - $1 }
            variance = replicateWeights.variance(replicates: thetas, full: point)
        } else if let calibration = design.calibration, let calibrationSums {
            let adjustmentA = calibration.adjustment(variable.statistic, domain: a, sums: calibrationSums, point: pointA, total: scale(a))
            let adjustmentB = calibration.adjustment(variable.statistic, domain: b, sums: calibrationSums, point: pointB, total: scale(b))
            variance = calibratedVariance(
                z: zip(zA, zB).map { $0 - $1 }, adjustment: zip(adjustmentA, adjustmentB).map { $0 - $1 }, domains: [(a, pointA, 1), (b, pointB, -1)])
        } else if let rowUnits {
            variance = rowUnits.varianceOfDifference(a, b, design: design)
        } else {
            variance = design.variance(unitTotals: zip(zA, zB).map { $0 - $1 })
        }
        let df = degreesOfFreedom([a, b])
        let se = variance.squareRoot()
        let label = zip(partition.domains[a], partition.domains[b]).map { "\($0) - \($1)" }
        return Estimate(
            statistic: .difference, variable: variable.name, level: variable.level, partition: partition.key, domain: label,
            n: sums.count[a] + sums.count[b], weightedN: sums.totalWeight(domain: a) + sums.totalWeight(domain: b),
            estimate: point, standardError: se, degreesOfFreedom: df,
            interval: point.isFinite ? Estimator.interval(estimate: point, standardError: se, degreesOfFreedom: df, logit: false) : nil,
            designEffect: nil)
    }
}
