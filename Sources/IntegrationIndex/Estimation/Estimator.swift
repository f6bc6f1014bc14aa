import Dispatch
import Foundation
import Synchronization

/// Estimates means, totals and proportions for every domain of every partition, with
/// Taylor-linearized or replicate variances (`survey-statistics.md`). Each (variable,
/// partition) pair is one pass over the rows that fills the sums of all its domains at once;
/// pairs run in parallel.
public struct Estimator: Sendable {
    public let design: SurveyDesign

    public init(design: SurveyDesign) { self.design = design }

    public func estimate(_ variables: [AnalysisVariable], by partitions: [Partition]) -> [Estimate] {
        let tasks = partitions.indices.flatMap { p in variables.indices.map { (p, $0) } }
        let results = Mutex([[Estimate]](repeating: [], count: tasks.count))
        DispatchQueue.concurrentPerform(iterations: tasks.count) { index in
            let (p, v) = tasks[index]
            let estimates = estimate(variables[v], by: partitions[p])
            results.withLock { $0[index] = estimates }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// The sums one variable needs over one partition.
    private struct Sums {
        var domains: DomainSums
        var replicates: ReplicateSums?
    }

    private func sums(_ variable: AnalysisVariable, _ partition: Partition) -> Sums {
        // Rows that are their own PSUs need no per-unit cells: one cell per domain suffices
        // here, and the variance is summed per stratum (`rowUnitVariance`).
        var domains = DomainSums(domainCount: partition.domains.count, unitCount: design.rowsAreUnits ? 1 : design.unitCount)
        domains.add(
            rows: 0..<design.rowCount, values: variable.values, weights: design.weights,
            unitOfRow: design.rowsAreUnits ? [Int32](repeating: 0, count: design.rowCount) : design.unitOfRow,
            domainOfRow: partition.domainOfRow)
        var replicateSums: ReplicateSums?
        if let replicates = design.replicates {
            var sums = ReplicateSums(domainCount: partition.domains.count, replicateCount: replicates.columns.count)
            sums.add(values: variable.values, replicates: replicates, domainOfRow: partition.domainOfRow)
            replicateSums = sums
        }
        return Sums(domains: domains, replicates: replicateSums)
    }

    func estimate(_ variable: AnalysisVariable, by partition: Partition) -> [Estimate] {
        let sums = sums(variable, partition)
        var rowUnits: (variances: [Double], degreesOfFreedom: [Int])?
        if design.rowsAreUnits {
            let domains = partition.domains.indices
            let totalWeights = domains.map { sums.domains.totalWeight(domain: $0) }
            let points = domains.map { sums.domains.linearized(variable.statistic, domain: $0).estimate }
            rowUnits = (
                design.rowUnitVariances(
                    values: variable.values, domainOfRow: partition.domainOfRow, domainCount: domains.count, statistic: variable.statistic,
                    points: points, totalWeights: totalWeights),
                design.rowUnitDegreesOfFreedom(values: variable.values, domainOfRow: partition.domainOfRow, domainCount: domains.count))
        }
        return partition.domains.indices.map { domain in
            estimate(
                variable, partition: partition, domain: domain, sums: sums,
                rowUnit: rowUnits.map { ($0.variances[domain], $0.degreesOfFreedom[domain]) })
        }
    }

    /// The linearized value of row `row` for the statistic of one domain, `nil` outside it.
    private func linearizedValue(_ variable: AnalysisVariable, _ partition: Partition, domain: Int, point: Double, totalWeight: Double) -> (Int) -> Double? {
        let values = variable.values
        let weights = design.weights
        let domainOfRow = partition.domainOfRow
        let mean = variable.statistic != .total
        return { row in
            let y = values[row]
            guard Int(domainOfRow[row]) == domain, !y.isNaN else { return nil }
            return mean ? weights[row] * (y - point) / totalWeight : weights[row] * y
        }
    }

    private func degreesOfFreedom(_ variable: AnalysisVariable, _ partition: Partition, domains: [Int], sums: Sums) -> Int {
        if design.rowsAreUnits {
            let values = variable.values
            return design.rowUnitDegreesOfFreedom { domains.contains(Int(partition.domainOfRow[$0])) && !values[$0].isNaN }
        }
        let units = design.unitCount
        return design.degreesOfFreedom { unit in domains.reduce(0) { $0 + sums.domains.weight[$1 * units + unit] } }
    }

    /// `rowUnit`: the variance and df already summed per stratum, for designs whose rows are
    /// their own PSUs.
    private func estimate(_ variable: AnalysisVariable, partition: Partition, domain: Int, sums: Sums, rowUnit: (variance: Double, df: Int)?) -> Estimate {
        let totalWeight = sums.domains.totalWeight(domain: domain)
        let n = sums.domains.count[domain]
        let df = rowUnit?.df ?? degreesOfFreedom(variable, partition, domains: [domain], sums: sums)
        var result = Estimate(
            statistic: variable.statistic, variable: variable.name, level: variable.level, partition: partition.key,
            domain: partition.domains[domain], n: n, weightedN: totalWeight, estimate: .nan, standardError: .nan,
            degreesOfFreedom: df, interval: nil, designEffect: nil)
        guard totalWeight > 0 else { return result }

        let (point, z) = sums.domains.linearized(variable.statistic, domain: domain)
        let variance: Double
        // With replicate weights, a proportion's logit interval takes its SE from the
        // replicates' log-odds, as R's svyciprop (a quasibinomial fit per replicate) does.
        var logitStandardError: Double?
        if let replicates = design.replicates, let replicateSums = sums.replicates {
            let thetas = replicateSums.estimates(variable.statistic, domain: domain)
            variance = replicates.variance(replicates: thetas, full: point)
            if variable.statistic == .proportion {
                func logit(_ p: Double) -> Double { log(p / (1 - p)) }
                logitStandardError = replicates.variance(replicates: thetas.map(logit), full: logit(point)).squareRoot()
            }
        } else if let rowUnit {
            variance = rowUnit.variance
        } else {
            variance = design.variance(unitTotals: z)
        }
        result.estimate = point
        result.standardError = variance.squareRoot()
        result.interval = Self.interval(
            estimate: point, standardError: result.standardError, degreesOfFreedom: df,
            logit: variable.statistic == .proportion, logitStandardError: logitStandardError)

        // Design effect as R's `deff = TRUE`: V over the variance of the same statistic under
        // simple random sampling without replacement of n from N̂.
        if n > 1 {
            let mean = sums.domains.totalValue(domain: domain) / totalWeight
            let meanSquare = sums.domains.weightedSquare[domain] / totalWeight
            let sampleVariance = max(meanSquare - mean * mean, 0) * Double(n) / Double(n - 1)
            var simpleVariance = sampleVariance / Double(n) * (totalWeight - Double(n)) / totalWeight
            if variable.statistic == .total { simpleVariance *= totalWeight * totalWeight }
            if simpleVariance > 0 { result.designEffect = variance / simpleVariance }
        }
        return result
    }

    /// The difference of the means of domains `a` and `b` of one partition, with the SE of
    /// the difference itself: the domains share PSUs, so it is not √(V_a + V_b).
    public func difference(_ variable: AnalysisVariable, partition: Partition, _ a: Int, _ b: Int) -> Estimate {
        let sums = sums(variable, partition)
        let (pointA, zA) = sums.domains.linearized(variable.statistic, domain: a)
        let (pointB, zB) = sums.domains.linearized(variable.statistic, domain: b)
        let point = pointA - pointB
        let variance: Double
        if let replicates = design.replicates, let replicateSums = sums.replicates {
            let thetas = zip(replicateSums.estimates(variable.statistic, domain: a), replicateSums.estimates(variable.statistic, domain: b)).map { $0 - $1 }
            variance = replicates.variance(replicates: thetas, full: point)
        } else if design.rowsAreUnits {
            let inA = linearizedValue(variable, partition, domain: a, point: pointA, totalWeight: sums.domains.totalWeight(domain: a))
            let inB = linearizedValue(variable, partition, domain: b, point: pointB, totalWeight: sums.domains.totalWeight(domain: b))
            variance = design.rowUnitVariance { row in inA(row) ?? inB(row).map { -$0 } }
        } else {
            variance = design.variance(unitTotals: zip(zA, zB).map { $0 - $1 })
        }
        let df = degreesOfFreedom(variable, partition, domains: [a, b], sums: sums)
        let se = variance.squareRoot()
        let label = zip(partition.domains[a], partition.domains[b]).map { "\($0) - \($1)" }
        return Estimate(
            statistic: .difference, variable: variable.name, level: variable.level, partition: partition.key, domain: label,
            n: sums.domains.count[a] + sums.domains.count[b],
            weightedN: sums.domains.totalWeight(domain: a) + sums.domains.totalWeight(domain: b),
            estimate: point, standardError: se, degreesOfFreedom: df,
            interval: point.isFinite ? Self.interval(estimate: point, standardError: se, degreesOfFreedom: df, logit: false) : nil,
            designEffect: nil)
    }

    /// The 95% interval with the design's df: symmetric for means and totals, on the logit
    /// scale for proportions. `nil` when undefined; never made up.
    /// `logitStandardError` replaces the delta-method SE on the logit scale, SE/(p(1 − p)).
    public static func interval(
        estimate: Double, standardError: Double, degreesOfFreedom df: Int, logit: Bool, logitStandardError: Double? = nil,
        level: Double = 0.95
    ) -> ClosedRange<Double>? {
        guard df > 0, estimate.isFinite, standardError.isFinite else { return nil }
        let t = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(df))
        if logit {
            guard estimate > 0, estimate < 1 else { return nil }
            let centre = log(estimate / (1 - estimate))
            let logitSE = logitStandardError ?? standardError / (estimate * (1 - estimate))
            guard logitSE.isFinite else { return nil }
            let half = t * logitSE
            func expit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
            return expit(centre - half)...expit(centre + half)
        }
        return (estimate - t * standardError)...(estimate + t * standardError)
    }
}
