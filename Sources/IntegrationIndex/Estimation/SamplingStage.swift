/// One stage of sampling: the clusters drawn at this stage, the group each was drawn within
/// (a stratum at the first stage, the previous stage's cluster after it), and each group's
/// sample and population sizes, which give its finite population correction.
public struct SamplingStage: Sendable {
    public struct Group: Sendable {
        public var name: String
        /// Clusters sampled in the group (n).
        public var clusterCount: Int
        /// Clusters in the population (N); `nil` when unknown (sampling with replacement).
        public var populationSize: Double?

        /// 1 − n/N, the finite population factor R's `survey` applies (1 without an fpc).
        public var finitePopulationFactor: Double {
            guard let populationSize, populationSize.isFinite else { return 1 }
            return (populationSize - Double(clusterCount)) / populationSize
        }

        /// n/N, the share of the group sampled, which scales the next stage's variance.
        public var samplingFraction: Double {
            guard let populationSize, populationSize.isFinite else { return 0 }
            return Double(clusterCount) / populationSize
        }
    }

    /// For each unit of the design, its cluster at this stage.
    public var clusterOfUnit: [Int32]
    /// For each cluster, its group.
    public var groupOfCluster: [Int32]
    public var groups: [Group]
    /// The name of a cluster of this stage, for errors.
    public var clusterNames: [String]

    public var clusterCount: Int { groupOfCluster.count }

    /// Σ over the groups of (1 − f)·n/(n − 1)·Σ (t − t̄)² for cluster totals `t`, with the
    /// lonely-cluster policy, exactly as R's `onestrat`/`onestage`. `multiplier` weighs each
    /// group (later stages are scaled by the sampling fractions above them).
    func variance(clusterTotals t: [Double], lonelyPSU: LonelyPSUPolicy, multiplier: [Double]?, scalesAverageOverGroups: Bool) -> Double {
        var sums = [Double](repeating: 0, count: groups.count)
        for (cluster, group) in groupOfCluster.enumerated() { sums[Int(group)] += t[cluster] }
        var squares = [Double](repeating: 0, count: groups.count)
        for (cluster, group) in groupOfCluster.enumerated() {
            let g = Int(group)
            let centred = t[cluster] - sums[g] / Double(groups[g].clusterCount)
            squares[g] += centred * centred
        }
        return variance(groupSums: sums, centredSquares: squares, lonelyPSU: lonelyPSU, multiplier: multiplier, scalesAverageOverGroups: scalesAverageOverGroups)
    }

    /// The same from each group's sum of cluster totals and their centred sum of squares,
    /// for callers that accumulate those directly (designs whose PSUs are single rows).
    func variance(groupSums sums: [Double], centredSquares squares: [Double], lonelyPSU: LonelyPSUPolicy, multiplier: [Double]?, scalesAverageOverGroups: Bool) -> Double {
        var variance = 0.0
        var groupsPresent = 0
        var groupsEstimated = 0
        var averagedAway = false
        for (g, group) in groups.enumerated() where group.clusterCount > 0 {
            groupsPresent += 1
            let weight = multiplier?[g] ?? 1
            let f = group.finitePopulationFactor
            if f < 1e-7 || weight == 0 {
                groupsEstimated += 1
                continue
            }
            let n = Double(group.clusterCount)
            if group.clusterCount > 1 {
                groupsEstimated += 1
                variance += weight * f * n / (n - 1) * squares[g]
                continue
            }
            switch lonelyPSU {
            case .remove, .certainty, .fail:
                groupsEstimated += 1
            case .adjust:
                // R's survey 4.1 leaves the lonely total uncentred (centred at zero, which for
                // a mean's linearized values is also the grand mean).
                groupsEstimated += 1
                variance += weight * f * sums[g] * sums[g]
            case .average:
                averagedAway = true
                if !scalesAverageOverGroups { return .nan }
            }
        }
        if averagedAway && groupsEstimated > 0 {
            variance *= Double(groupsPresent) / Double(groupsEstimated)
        }
        return variance
    }
}
