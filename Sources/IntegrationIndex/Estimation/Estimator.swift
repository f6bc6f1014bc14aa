import Dispatch
import Foundation
import Synchronization

/// Estimates means, totals and proportions for every domain of every partition by Taylor
/// linearization (`survey-statistics.md`). Each (variable, partition) pair is one pass over
/// the rows that fills `DomainSums` for all its domains at once; pairs run in parallel.
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

    func estimate(_ variable: AnalysisVariable, by partition: Partition) -> [Estimate] {
        var sums = DomainSums(domainCount: partition.domains.count, psuCount: design.psuCount)
        sums.add(
            rows: 0..<design.rowCount, values: variable.values, weights: design.weights, psuOfRow: design.psuOfRow,
            domainOfRow: partition.domainOfRow)
        return partition.domains.indices.map { domain in
            estimate(variable, partition: partition, domain: domain, sums: sums)
        }
    }

    private func estimate(_ variable: AnalysisVariable, partition: Partition, domain: Int, sums: DomainSums) -> Estimate {
        let psus = design.psuCount
        let base = domain * psus
        var totalWeight = 0.0
        var totalValue = 0.0
        var strataPresent = Set<Int32>()
        var psusPresent = 0
        for psu in 0..<psus {
            let w = sums.weight[base + psu]
            totalWeight += w
            totalValue += sums.weightedValue[base + psu]
            if w > 0 {
                psusPresent += 1
                strataPresent.insert(design.stratumOfPSU[psu])
            }
        }
        let n = sums.count[domain]
        let df = psusPresent - strataPresent.count
        var result = Estimate(
            statistic: variable.statistic, variable: variable.name, level: variable.level, partition: partition.key,
            domain: partition.domains[domain], n: n, weightedN: totalWeight, estimate: .nan, standardError: .nan,
            degreesOfFreedom: df, interval: nil, designEffect: nil)
        guard totalWeight > 0 else { return result }

        var z = [Double](repeating: 0, count: psus)
        let point: Double
        switch variable.statistic {
        case .mean, .proportion:
            point = totalValue / totalWeight
            for psu in 0..<psus {
                z[psu] = (sums.weightedValue[base + psu] - point * sums.weight[base + psu]) / totalWeight
            }
        case .total:
            point = totalValue
            for psu in 0..<psus { z[psu] = sums.weightedValue[base + psu] }
        }
        let variance = design.variance(psuTotals: z)
        result.estimate = point
        result.standardError = variance.squareRoot()
        result.interval = Self.interval(
            estimate: point, standardError: result.standardError, degreesOfFreedom: df,
            logit: variable.statistic == .proportion)

        // Design effect as R's `deff = TRUE`: V over the variance of the same statistic under
        // simple random sampling without replacement of n from N̂.
        if n > 1 {
            let mean = totalValue / totalWeight
            let meanSquare = sums.weightedSquare[domain] / totalWeight
            let sampleVariance = max(meanSquare - mean * mean, 0) * Double(n) / Double(n - 1)
            var simpleVariance = sampleVariance / Double(n) * (totalWeight - Double(n)) / totalWeight
            if variable.statistic == .total { simpleVariance *= totalWeight * totalWeight }
            if simpleVariance > 0 { result.designEffect = variance / simpleVariance }
        }
        return result
    }

    /// The 95% interval with the design's df: symmetric for means and totals, on the logit
    /// scale for proportions. `nil` when undefined; never made up.
    public static func interval(estimate: Double, standardError: Double, degreesOfFreedom df: Int, logit: Bool, level: Double = 0.95) -> ClosedRange<Double>? {
        guard df > 0, estimate.isFinite, standardError.isFinite else { return nil }
        let t = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(df))
        if logit {
            guard estimate > 0, estimate < 1 else { return nil }
            let centre = log(estimate / (1 - estimate))
            let half = t * standardError / (estimate * (1 - estimate))
            func expit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
            return expit(centre - half)...expit(centre + half)
        }
        return (estimate - t * standardError)...(estimate + t * standardError)
    }
}
