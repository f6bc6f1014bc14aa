/// A sampling design resolved to integers: each row's weight and unit, and the stages of
/// clusters above the units with their strata and sampling fractions; or replicate weights.
/// Built once; every estimate reuses it.
///
/// Units are the clusters whose totals the variance needs: the first-stage PSUs (the
/// "ultimate cluster" variance), or the last-stage clusters when an fpc makes later stages
/// count (R's `multistage`).
public struct SurveyDesign: Sendable {
    /// Calibrated weights once `calibrated(_:)` has made them.
    public internal(set) var weights: [Double]
    public let unitOfRow: [Int32]
    public let unitCount: Int
    /// Stage 1 first; its groups are the strata.
    public let stages: [SamplingStage]
    public let lonelyPSU: LonelyPSUPolicy
    public internal(set) var replicates: ReplicateWeights?
    /// How linearized values are replaced by their residuals on the calibration variables;
    /// `nil` for an uncalibrated design, and for replicate weights (each is calibrated).
    public internal(set) var calibration: CalibrationResiduals?
    /// For each cluster of each stage after the first, the product of the sampling fractions
    /// above it: the weight of its group's variance in the total.
    let stageMultipliers: [[Double]]

    public var rowCount: Int { weights.count }
    /// Each row is its own PSU (no cluster column, no replicates): variances come from sums
    /// per stratum instead of per unit, so a million rows need no million-cell arrays.
    public var rowsAreUnits: Bool { replicates == nil && stages.count == 1 && unitCount == rowCount && clustersGiven == false }
    /// Whether the design named cluster columns.
    let clustersGiven: Bool
    /// Each row's stratum, for designs whose rows are their own PSUs.
    let stratumOfRow: [Int32]
    public var psuOfUnit: [Int32] { stages[0].clusterOfUnit }
    public var stratumOfPSU: [Int32] { stages[0].groupOfCluster }
    public var strata: [SamplingStage.Group] { stages[0].groups }

    /// The column names used in error messages.
    public struct Names: Sendable {
        public var strata = "stratum"
        public var clusters: [String] = ["PSU"]
        public var fpc: [String] = ["fpc"]

        public init(strata: String = "stratum", clusters: [String] = ["PSU"], fpc: [String] = ["fpc"]) {
            self.strata = strata
            self.clusters = clusters
            self.fpc = fpc
        }
    }

    /// Builds a design from columns. Without strata, one stratum; without clusters, each row
    /// is its own PSU; without weights, 1/(product of the stages' sampling fractions) from
    /// the fpc, or 1. `fpc[s]` holds one value per row for stage s: a population size (≥ 1)
    /// or a sampling fraction (< 1), constant within the stage's group.
    public init(
        rowCount rows: Int, weights: [Double]?, strata: CategoricalColumn?, clusters: [CategoricalColumn], fpc: [[Double]],
        nest: Bool, lonelyPSU: LonelyPSUPolicy, replicates: ReplicateWeights? = nil, names: Names = Names()
    ) throws {
        if let replicates {
            // The replicate weights carry the design: one unit, no strata, no stages.
            self.weights = weights ?? [Double](repeating: 1, count: rows)
            self.unitOfRow = [Int32](repeating: 0, count: rows)
            self.unitCount = 1
            self.stages = [SamplingStage(
                clusterOfUnit: [0], groupOfCluster: [0], groups: [.init(name: "(all)", clusterCount: 1, populationSize: nil)], clusterNames: [])]
            self.lonelyPSU = lonelyPSU
            self.replicates = replicates
            self.stageMultipliers = [[]]
            self.clustersGiven = false
            self.stratumOfRow = []
            return
        }
        let stratumOfRow: [Int32] = strata.map { $0.codes.int32Codes } ?? [Int32](repeating: 0, count: rows)
        let strataNames = strata?.levels ?? ["(all)"]
        func clusterName(_ stage: Int) -> String { stage < names.clusters.count ? names.clusters[stage] : "stage-\(stage + 1) cluster" }

        // Number the clusters of every stage; a cluster is keyed by its id within its group.
        var clusterOfRow: [[Int32]] = []
        var groupOfCluster: [[Int32]] = []
        var clusterNames: [[String]] = []
        // The first row of each cluster of the last stage numbered: the rows that stand for
        // the units (`SamplingStage.clusterOfUnit`).
        var firstRowOfCluster: [Int] = []
        let stageCount = max(clusters.count, 1)
        // Later stages count only when an fpc is given (R's `multistage`); otherwise the
        // first-stage PSUs are the units.
        let usedStages = !fpc.isEmpty && clusters.count > 1 ? stageCount : 1
        for stage in 0..<stageCount {
            let groupOfRow = stage == 0 ? stratumOfRow : clusterOfRow[stage - 1]
            guard !clusters.isEmpty else {
                // No clusters: each row is its own PSU (named by its position on demand).
                clusterOfRow.append((0..<rows).map { Int32($0) })
                groupOfCluster.append(groupOfRow)
                clusterNames.append([])
                firstRowOfCluster = Array(0..<rows)
                continue
            }
            let column = clusters[stage]
            let groupCount = stage == 0 ? strataNames.count : groupOfCluster[stage - 1].count
            let numbering = try ClusterNumbering(
                codes: column.codes, levelCount: column.levels.count, groupOfRow: groupOfRow,
                groupCount: groupCount, nested: stage > 0 || nest
            ) { code, first, second in
                DesignError(
                    "clusters not nested in strata: \(clusterName(0)) \"\(column.levels[Int(code)])\" is in \(names.strata) \"\(strataNames[Int(first)])\" and \"\(strataNames[Int(second)])\" (use --nest if PSU ids restart within strata)")
            }
            clusterOfRow.append(numbering.clusterOfRow)
            groupOfCluster.append(numbering.groupOfCluster)
            clusterNames.append(numbering.codeOfCluster.map { column.levels[Int($0)] })
            if stage == usedStages - 1 { firstRowOfCluster = numbering.firstRowOfCluster }
        }

        let unitOfRow = clusterOfRow[usedStages - 1]
        let unitCount = groupOfCluster[usedStages - 1].count
        // Each unit's first row (clusters are numbered in order of first appearance).
        let representativeRow = firstRowOfCluster

        var stages: [SamplingStage] = []
        for stage in 0..<usedStages {
            let groupNames = stage == 0 ? strataNames : clusterNames[stage - 1]
            var groups = groupNames.map { SamplingStage.Group(name: $0, clusterCount: 0, populationSize: nil) }
            for group in groupOfCluster[stage] { groups[Int(group)].clusterCount += 1 }
            if stage < fpc.count {
                var seen = [Double](repeating: .nan, count: groups.count)
                let groupOfRow = stage == 0 ? stratumOfRow : clusterOfRow[stage - 1]
                precondition(fpc[stage].count == rows && groupOfRow.count == rows, "an fpc and a group for every row")
                // The first row of a group whose fpc differs from its group's first, if any:
                // a loop through plain pointers, with no check per row but its own.
                let differing: Int? = groupOfRow.withUnsafeBufferPointer { groupOfRow in
                    fpc[stage].withUnsafeBufferPointer { values in
                        seen.withUnsafeMutableBufferPointer { seen in
                            for row in 0..<rows {
                                let group = Int(groupOfRow[row])
                                let value = values[row]
                                if seen[group].isNaN {
                                    seen[group] = value
                                } else if seen[group] != value {
                                    return row
                                }
                            }
                            return nil
                        }
                    }
                }
                if let row = differing {
                    let group = Int(groupOfRow[row])
                    let within = stage == 0 ? "\(names.strata) \"\(groupNames[group])\"" : "\(clusterName(stage - 1)) \"\(groupNames[group])\""
                    throw DesignError("\(names.fpc[stage]) varies within \(within): \(seen[group].formatted) and \(fpc[stage][row].formatted)")
                }
                for g in groups.indices where groups[g].clusterCount > 0 {
                    let value = seen[g]
                    let n = Double(groups[g].clusterCount)
                    if value >= 1 {
                        guard value >= n else {
                            let within = stage == 0 ? "\(names.strata) \"\(groups[g].name)\"" : "\(clusterName(stage - 1)) \"\(groups[g].name)\""
                            throw DesignError("\(names.fpc[stage]) in \(within) is \(value.formatted), smaller than the \(groups[g].clusterCount) sampled \(stage == 0 ? "PSUs" : "units")")
                        }
                        groups[g].populationSize = value
                    } else {
                        groups[g].populationSize = n / value
                    }
                }
            }
            let clusterOfUnit = representativeRow.map { clusterOfRow[stage][$0] }
            stages.append(SamplingStage(clusterOfUnit: clusterOfUnit, groupOfCluster: groupOfCluster[stage], groups: groups, clusterNames: clusterNames[stage]))
        }

        var multipliers: [[Double]] = [[]]
        if usedStages > 1 {
            var above = stages[0].groupOfCluster.map { stages[0].groups[Int($0)].samplingFraction }
            for stage in 1..<usedStages {
                multipliers.append(above)
                above = stages[stage].groupOfCluster.map { group in above[Int(group)] * stages[stage].groups[Int(group)].samplingFraction }
            }
        }

        if lonelyPSU == .fail && replicates == nil {
            for (s, stage) in stages.enumerated() {
                for (g, group) in stage.groups.enumerated() where group.clusterCount == 1 && group.finitePopulationFactor >= 1e-7 {
                    if s > 0 && multipliers[s][g] == 0 { continue }
                    if s == 0 {
                        throw DesignError("\(names.strata) \"\(group.name)\" has only one PSU: its variance cannot be estimated (choose a lonely-PSU policy: remove, certainty, adjust or average)")
                    }
                    throw DesignError("\(clusterName(s - 1)) \"\(group.name)\" has only one sampled unit at stage \(s + 1) (choose a lonely-PSU policy, or give the stage's fpc)")
                }
            }
        }

        if let weights {
            self.weights = weights
        } else if !fpc.isEmpty {
            // R derives weights from the fpc: 1 / Π_s (n_s/N_s).
            var derived = [Double](repeating: 1, count: rows)
            for row in 0..<rows {
                for (s, stage) in stages.enumerated() where s < fpc.count {
                    let group = Int(s == 0 ? stratumOfRow[row] : clusterOfRow[s - 1][row])
                    derived[row] /= stage.groups[group].samplingFraction
                }
            }
            self.weights = derived
        } else {
            self.weights = [Double](repeating: 1, count: rows)
        }
        self.unitOfRow = unitOfRow
        self.unitCount = unitCount
        self.stages = stages
        self.lonelyPSU = lonelyPSU
        self.replicates = replicates
        self.stageMultipliers = multipliers
        self.clustersGiven = !clusters.isEmpty
        self.stratumOfRow = clusters.isEmpty ? stratumOfRow : []
    }

    /// The Taylor-linearization variance from unit totals of the linearized values
    /// (`survey-statistics.md`): the first stage over PSU totals, plus each later stage
    /// within its clusters scaled by the sampling fractions above it.
    public func variance(unitTotals z: [Double]) -> Double {
        var variance = 0.0
        for (s, stage) in stages.enumerated() {
            var totals = [Double](repeating: 0, count: stage.clusterCount)
            for (unit, cluster) in stage.clusterOfUnit.enumerated() { totals[Int(cluster)] += z[unit] }
            variance += stage.variance(
                clusterTotals: totals, lonelyPSU: lonelyPSU, multiplier: s == 0 ? nil : stageMultipliers[s],
                scalesAverageOverGroups: s == 0)
        }
        return variance
    }

    /// Degrees of freedom of a domain: PSUs with positive domain weight minus their strata;
    /// for replicate designs, the rank of the replicate weights minus one.
    func degreesOfFreedom(unitWeights: (Int) -> Double) -> Int {
        if let replicates { return replicates.rank - 1 }
        var psuPresent = [Bool](repeating: false, count: stages[0].clusterCount)
        for (unit, psu) in psuOfUnit.enumerated() where unitWeights(unit) > 0 { psuPresent[Int(psu)] = true }
        var strataPresent = Set<Int32>()
        var psus = 0
        for (psu, present) in psuPresent.enumerated() where present {
            psus += 1
            strataPresent.insert(stratumOfPSU[psu])
        }
        return psus - strataPresent.count
    }
}
