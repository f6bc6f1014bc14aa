import Dispatch
import Foundation
import Synchronization

/// Estimates means, totals and proportions for every domain of every partition, with
/// Taylor-linearized or replicate variances (`survey-statistics.md`). Each (variable,
/// partition) pair is one `DomainAnalysis`, one pass over the rows for all its domains;
/// pairs run in parallel.
public struct Estimator: Sendable {
    public let design: SurveyDesign

    public init(design: SurveyDesign) { self.design = design }

    public func estimate(_ variables: [AnalysisVariable], by partitions: [Partition]) -> [Estimate] {
        estimate(variables, by: partitions, comparingTo: partitions.map { _ in nil }).estimates
    }

    /// A domain minus its partition's reference domain.
    public struct Difference: Sendable {
        public var estimate: Estimate
        public var partition: Int
        public var domain: Int
        public var reference: Int
    }

    /// Estimates of every domain and, for partitions given a reference domain, the difference
    /// of every other domain from it (for means and proportions).
    public func estimate(_ variables: [AnalysisVariable], by partitions: [Partition], comparingTo references: [Int?]) -> (estimates: [Estimate], differences: [Difference]) {
        let result = estimate(variables, by: partitions, comparingTo: references, keepingSums: { _, _ in false })
        return (result.estimates, result.differences)
    }

    /// As `estimate(_:by:comparingTo:)`, and the sums of the (partition, variable) pairs `keep`
    /// names, at `sums[partition][variable]` (`nil` for the others), for a caller that needs
    /// them again: the rank sensitivity's cells are these sums when the design's units are its
    /// PSUs.
    func estimate(
        _ variables: [AnalysisVariable], by partitions: [Partition], comparingTo references: [Int?], keepingSums keep: @Sendable (_ partition: Int, _ variable: Int) -> Bool
    ) -> (estimates: [Estimate], differences: [Difference], sums: [[DomainSums?]]) {
        // Twelve variables a pass (`DomainSums.lanes`) but where that leaves a core idle, as
        // one partition's eight means would: then four, in two tasks.
        let blocks = Self.blocks(of: variables, size: partitions.count >= ProcessInfo.processInfo.activeProcessorCount ? DomainSums.lanes : 4)
        let tasks = partitions.indices.flatMap { p in blocks.indices.map { (p, $0) } }
        // At `p * variables.count + v`.
        let results = Mutex([(estimates: [Estimate], differences: [Difference])](repeating: ([], []), count: partitions.count * variables.count))
        let kept = Mutex([[DomainSums?]](repeating: [DomainSums?](repeating: nil, count: variables.count), count: partitions.count))
        DispatchQueue.concurrentPerform(iterations: tasks.count) { index in
            let (p, b) = tasks[index]
            let partition = partitions[p]
            let block = blocks[b]
            let sums: [DomainSums?] = variables[block[0]].denominator == nil
                ? DomainAnalysis.sums(of: block.map { variables[$0].values }, design: design, partition: partition)
                : [nil]
            for (v, sums) in zip(block, sums) {
                let analysis = DomainAnalysis(design: design, variable: variables[v], partition: partition, sums: sums)
                let estimates = partition.domains.indices.map(analysis.estimate(domain:))
                var differences: [Difference] = []
                if let reference = references[p], variables[v].statistic != .total {
                    differences = partition.domains.indices.filter { $0 != reference }.map {
                        Difference(estimate: analysis.difference($0, reference), partition: p, domain: $0, reference: reference)
                    }
                }
                results.withLock { $0[p * variables.count + v] = (estimates, differences) }
                if keep(p, v) { kept.withLock { $0[p][v] = analysis.sums } }
            }
        }
        let all = results.withLock { $0 }
        return (all.flatMap(\.estimates), all.flatMap(\.differences), kept.withLock { $0 })
    }

    /// The variables summed together, in order: up to `size` (at most `DomainSums.lanes`) at a
    /// time (`DomainSums.summing`), and a ratio, which has sums of its own (its denominator's),
    /// alone.
    private static func blocks(of variables: [AnalysisVariable], size: Int) -> [[Int]] {
        var blocks: [[Int]] = []
        for v in variables.indices {
            if variables[v].denominator == nil, let last = blocks.last, last.count < size, variables[last[0]].denominator == nil {
                blocks[blocks.count - 1].append(v)
            } else {
                blocks.append([v])
            }
        }
        return blocks
    }

    /// The difference of the means of domains `a` and `b` of one partition.
    public func difference(_ variable: AnalysisVariable, partition: Partition, _ a: Int, _ b: Int) -> Estimate {
        DomainAnalysis(design: design, variable: variable, partition: partition).difference(a, b)
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
