import Foundation
import Testing
@testable import IntegrationIndex

/// The firmness of the groups' order: the pieces by hand, and what must hold on the demo
/// whatever the draws (reproducible from the seed, blind to the scale of the weights, sure
/// of an order the data leave no doubt about).
@Suite struct RankSensitivityTests {
    @Test func ranksAndQuantilesAsR() {
        #expect(RankSensitivity.ranks(of: [0.4, 0.9, .nan, 0.5]) == [3, 1, 4, 2])
        // R: quantile(1:10, c(.05, .5, .95)) is 1.45, 5.5, 9.55.
        let values = (1...10).map(Double.init)
        #expect(abs(RankSensitivity.quantile(values, 0.05) - 1.45) < 1e-12)
        #expect(RankSensitivity.quantile(values, 0.5) == 5.5)
        #expect(abs(RankSensitivity.quantile(values, 0.95) - 9.55) < 1e-12)
    }

    static func demo(_ change: (inout Study) -> Void = { _ in }) throws -> StudyRun {
        var study = try Study.load(from: fixture("demo/study.json"))
        study.counting = nil
        change(&study)
        return try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument)
    }

    @Test func theSameSeedGivesTheSameRanksAndTheWeightsScaleDoesNotMatter() throws {
        // The design weights as given: calibration would undo the scaling below.
        let run = try Self.demo { $0.calibration = nil }
        #expect(!run.ranks.isEmpty)
        #expect(try Self.demo { $0.calibration = nil }.ranks == run.ranks)
        var other = RankSettings()
        other.seed = 2
        let reseeded = try Self.demo {
            $0.rankSensitivity = other
            $0.calibration = nil
        }
        #expect(reseeded.ranks != run.ranks)
        #expect(reseeded.ranks.map(\.rank) == run.ranks.map(\.rank))
        // Every respondent's weight times 3: no mean, hence no rank, moves.
        let design = try SurveyDesign(table: run.ingest.table, specification: run.study.design, replicateColumns: run.ingest.replicateColumns)
        var tripled = run.ingest.table
        tripled.numeric["weight"]!.values = tripled.numeric["weight"]!.values.map { $0 * 3 }
        let tripledDesign = try SurveyDesign(table: tripled, specification: run.study.design, replicateColumns: run.ingest.replicateColumns)
        #expect(tripledDesign.weights != design.weights)
        let again = RankSensitivity.ranks(
            scores: run.scores, instrument: run.instrument, groups: run.groups, design: tripledDesign, estimates: run.estimates, settings: RankSettings())
        #expect(again.count == run.ranks.count)
        for (a, b) in zip(again, run.ranks) {
            #expect(a.rank == b.rank && a.medianRank == b.medianRank && a.low == b.low && a.high == b.high)
        }
    }

    /// The demo's units are its PSUs: the estimation's sums per (domain, PSU) are the ranks'
    /// cells, the same numbers as summed from the rows, and the ranks the run took from them
    /// are those taken from the rows.
    @Test func theEstimationSumsAreTheRankCells() throws {
        let run = try Self.demo()
        let design = try StudyRun.design(study: run.study, ingest: run.ingest, groups: run.groups).design
        #expect(RankCellSums.areEstimationSums(for: design))
        let dimensions = RankSensitivity.dimensions(of: run.instrument)
        let estimated = IndexEstimate.estimate(
            scores: run.scores, instrument: run.instrument, study: run.study, groups: run.groups, design: design, keepingSumsOf: dimensions)
        let sums = try #require(estimated.dimensionSums)
        let (_, columns) = RankSensitivity.Sampling.make(design: design, seed: 1)
        for (g, group) in run.groups.enumerated() {
            let fromRows = RankCellSums(scores: run.scores, dimensions: dimensions, columns: columns, partition: group.partition)
            let fromEstimation = RankCellSums(estimationSums: sums[g])
            #expect(fromEstimation.weighted == fromRows.weighted, "\(group.variable.key)")
            #expect(fromEstimation.weight == fromRows.weight, "\(group.variable.key)")
        }
        let fromRows = RankSensitivity.ranks(
            scores: run.scores, instrument: run.instrument, groups: run.groups, design: design, estimates: run.estimates, settings: run.study.rankSensitivity!)
        #expect(!run.ranks.isEmpty && fromRows == run.ranks)
        // Replicates and rows as their own units have other columns: the cells come from the rows.
        let rowsAsUnits = try SurveyDesign(
            rowCount: design.rowCount, weights: design.weights, strata: nil, clusters: [], fpc: [], nest: false, lonelyPSU: .fail, replicates: nil)
        #expect(!RankCellSums.areEstimationSums(for: rowsAsUnits))
    }

    /// The lagging profiles under each shift, made eight rows at a time in blocks, are those
    /// of each row alone: bit d set when dimension d's score is below its shifted cut-off,
    /// complete when no score is missing; at any number of rows, scores on the cut-offs too.
    @Test(arguments: [0, 7, 8, 2049, 5003])
    func laggingProfilesAreEachRowsOwn(rows: Int) {
        var generator = SeededGenerator(seed: UInt64(rows) + 11)
        let cutoffs = [0.5, 0.25, 0.75]
        let shifts = [-0.1, -0.05, 0, 0.05, 0.1]
        let scores = cutoffs.map { cutoff in
            (0..<rows).map { _ -> Double in
                let u = generator.uniform()
                return u < 0.05 ? .nan : u < 0.1 ? cutoff - 0.05 : u < 0.15 ? 1 : generator.uniform()
            }
        }
        let setting = RankLaggingCells.Setting(scores: scores, cutoffs: cutoffs, k: 1.0 / 3, shifts: shifts)
        let (masks, complete) = RankLaggingCells.profiles(setting)
        for row in 0..<rows {
            #expect(complete[row] == scores.allSatisfy { !$0[row].isNaN })
            for (s, shift) in shifts.enumerated() {
                var mask: UInt8 = 0
                for d in cutoffs.indices where scores[d][row] < min(max(cutoffs[d] + shift, 0), 1) - LaggingProfiles.tolerance { mask |= 1 << d }
                #expect(masks[s * rows + row] == mask, "row \(row), shift \(s)")
            }
        }
    }

    /// The demo's regular migrants are 0.1 above the irregular ones in every dimension: first
    /// in every draw. Ranks of a variable are 1…n, and every interval holds its median.
    @Test func aClearOrderIsFirmAndIntervalsAreOrdered() throws {
        let run = try Self.demo()
        let status = run.ranks.filter { $0.groupKey == "status" }
        let regular = try #require(status.first { $0.groupValue == "1" })
        #expect(regular.rank == 1 && regular.low == 1 && regular.high == 1)
        for group in run.groups {
            let ranks = run.ranks.filter { $0.groupKey == group.variable.key }
            #expect(Set(ranks.map(\.rank)) == Set(1...ranks.count))
            #expect(ranks.allSatisfy { $0.low <= $0.medianRank && $0.medianRank <= $0.high && $0.ranked == ranks.count })
        }
    }

    /// With the counting view the groups are ranked by M0 too: as estimated, in the order of
    /// the published af_M0 (lowest first), and the regular migrants least lagging in every draw.
    @Test func laggingRanksFollowThePublishedM0() throws {
        let run = try Self.demo { $0.counting = CountingSettings() }
        let m0 = run.ranks.filter { $0.indicator == CountingEstimates.adjustedHeadcount }
        #expect(!m0.isEmpty)
        for group in run.groups {
            let ranks = m0.filter { $0.groupKey == group.variable.key }
            let published = ranks.map { rank in run.estimates.first { $0.indicator == CountingEstimates.adjustedHeadcount && $0.groupKey == rank.groupKey && $0.groupValue == rank.groupValue }!.estimate }
            #expect(RankSensitivity.ranks(of: published.map { -$0 }) == ranks.map(\.rank), "\(group.variable.key)")
        }
        let regular = try #require(m0.first { $0.groupKey == "status" && $0.groupValue == "1" })
        #expect(regular.rank == 1 && regular.high == 1)
    }

    /// The ranks are listed group variable by group variable, in the study's order, each
    /// with the index's ranks before its counting view's (the store and the reports keep this
    /// order), however the work was shared out between the cores.
    @Test func ranksAreListedByGroupVariableTheIndexsFirst() throws {
        let run = try Self.demo { $0.counting = CountingSettings() }
        var expected: [String] = []
        for group in run.groups {
            for indicator in [IndexEstimate.overallKey, CountingEstimates.adjustedHeadcount] {
                let ranked = run.ranks.filter { $0.groupKey == group.variable.key && $0.indicator == indicator }
                expected += ranked.map { "\($0.groupKey) \($0.indicator) \($0.groupValue)" }
            }
        }
        #expect(run.ranks.map { "\($0.groupKey) \($0.indicator) \($0.groupValue)" } == expected)
        #expect(Set(run.ranks.map(\.indicator)) == [IndexEstimate.overallKey, CountingEstimates.adjustedHeadcount])
    }

    /// Rows as their own units are drawn by random groups: the groups rank as with the
    /// clustered design (the order as estimated is the estimates'), the same seed gives the
    /// same intervals, and the regular migrants still come first in every draw.
    @Test func aDesignWithoutClustersIsRankedByRandomGroupsOfItsRows() throws {
        let run = try Self.demo { $0.design.clusters = []; $0.design.fpc = [] }
        #expect(!run.ranks.isEmpty)
        let clustered = try Self.demo()
        #expect(run.ranks.map(\.rank) == clustered.ranks.map(\.rank))
        #expect(try Self.demo { $0.design.clusters = []; $0.design.fpc = [] }.ranks == run.ranks)
        let regular = try #require(run.ranks.first { $0.groupKey == "status" && $0.groupValue == "1" })
        #expect(regular.rank == 1 && regular.high == 1)
        #expect(run.ranks.allSatisfy { $0.low <= $0.medianRank && $0.medianRank <= $0.high })
    }

    /// Each stratum's rows dealt to at most 100 non-empty PSUs of that stratum, every row to
    /// one; a stratum of fewer rows keeps each row as its own PSU.
    @Test func randomGroupsCoverEveryRowWithinItsStratum() throws {
        let run = try Self.demo { $0.design.clusters = []; $0.design.fpc = [] }
        let design = try SurveyDesign(table: run.ingest.table, specification: run.study.design, replicateColumns: run.ingest.replicateColumns)
        #expect(design.rowsAreUnits)
        let (psuOfRow, stratumOfPSU) = RankSensitivity.randomGroups(design: design, seed: 1)
        let stratumOfRow = design.unitOfRow.map { design.stratumOfPSU[Int(design.psuOfUnit[Int($0)])] }
        #expect(psuOfRow.indices.allSatisfy { stratumOfPSU[Int(psuOfRow[$0])] == stratumOfRow[$0] })
        var rowsOfPSU = [Int](repeating: 0, count: stratumOfPSU.count)
        for psu in psuOfRow { rowsOfPSU[Int(psu)] += 1 }
        #expect(rowsOfPSU.allSatisfy { $0 > 0 })
        for stratum in Set(stratumOfRow) {
            let rows = stratumOfRow.filter { $0 == stratum }.count
            #expect(stratumOfPSU.filter { $0 == stratum }.count == min(rows, RankSensitivity.randomGroupsPerStratum))
        }
        #expect(RankSensitivity.randomGroups(design: design, seed: 1).psuOfRow == psuOfRow)
    }

    /// A replicate draw moves the estimate by its replicate's deviation times √(R·scale): by
    /// hand, and over the R replicates the draws' mean square about θ̂ is the replicate
    /// variance (JK1 of three replicates, scale 2/3, centred on their mean 7/6).
    @Test func replicateDrawsHaveTheReplicatesVariance() throws {
        let weights = try ReplicateWeights(kind: .jk1, columns: [[1], [1], [1]], names: ["r1", "r2", "r3"])
        let draws = RankReplicateDraws(weights)
        let columns = [1.0, 2, 0, 1.5]
        #expect(draws.value(columns, draw: nil) == 1)
        #expect(abs(draws.value(columns, draw: 0) - (1 + 2.0.squareRoot() * (2 - 7.0 / 6))) < 1e-12)
        #expect(draws.value(columns, draw: 4) == draws.value(columns, draw: 1))
        let meanSquare = (0..<3).map { pow(draws.value(columns, draw: $0) - 1, 2) }.reduce(0, +) / 3
        #expect(abs(meanSquare - weights.variance(replicates: Array(columns[1...]), full: 1)) < 1e-12)
    }

    /// The demo with 60 bootstrap replicate weights of its PSUs in place of its design: the
    /// order as estimated is the PSU design's (the same weights), the regular migrants come
    /// first in every draw, intervals hold their medians, and the seed fixes the result.
    @Test func aReplicateDesignIsRankedFromItsReplicates() throws {
        let run = try Self.demo { $0.calibration = nil }
        let design = try SurveyDesign(table: run.ingest.table, specification: run.study.design, replicateColumns: run.ingest.replicateColumns)
        let psuOfRow = design.unitOfRow.map { design.psuOfUnit[Int($0)] }
        var psusOfStratum = [[Int]](repeating: [], count: design.strata.count)
        for (psu, stratum) in design.stratumOfPSU.enumerated() { psusOfStratum[Int(stratum)].append(psu) }
        var generator = SeededGenerator(seed: 7)
        let columns = (0..<60).map { _ in
            let multipliers = RankSensitivity.bootstrapMultipliers(psusOfStratum, psuCount: design.stratumOfPSU.count, generator: &generator)
            return design.weights.indices.map { design.weights[$0] * multipliers[Int(psuOfRow[$0])] }
        }
        let replicates = try ReplicateWeights(kind: .bootstrap, columns: columns, names: (1...60).map { "r\($0)" })
        let replicated = try SurveyDesign(
            rowCount: design.rowCount, weights: design.weights, strata: nil, clusters: [], fpc: [], nest: false, lonelyPSU: .fail, replicates: replicates)
        func ranks() -> [GroupRank] {
            RankSensitivity.ranks(scores: run.scores, instrument: run.instrument, groups: run.groups, design: replicated, estimates: run.estimates, settings: RankSettings())
        }
        let ranked = ranks()
        #expect(ranked.count == run.ranks.count)
        #expect(ranked.map(\.rank) == run.ranks.map(\.rank))
        #expect(ranks() == ranked)
        let regular = try #require(ranked.first { $0.groupKey == "status" && $0.groupValue == "1" })
        #expect(regular.low == 1 && regular.high == 1)
        #expect(ranked.allSatisfy { $0.low <= $0.medianRank && $0.medianRank <= $0.high })
        // Some group's place is uncertain: the draws do move the estimates.
        #expect(ranked.contains { $0.low < $0.high })
    }

    /// The demo's lagging cells of group variable `key` under three shifts of the cut-offs, as
    /// tables (or as entries with `tableLimit` 0), with the index dimensions' weights and k.
    static func laggingCells(of key: String, tableLimit: Int = 1 << 16) throws -> (cells: RankLaggingCells, partition: Partition, psus: Int, weights: [Double], k: Double) {
        let run = try demo { $0.counting = CountingSettings() }
        let design = try SurveyDesign(table: run.ingest.table, specification: run.study.design, replicateColumns: run.ingest.replicateColumns)
        let dimensions = run.instrument.dimensions.indices.filter { run.instrument.dimensions[$0].inIndex }
        let counting = CountingSettings()
        let setting = RankLaggingCells.Setting(
            scores: dimensions.map { run.scores.dimensions[$0] }, cutoffs: dimensions.map { counting.cutoff(of: run.instrument.dimensions[$0].key) },
            k: counting.k, shifts: [-0.1, 0, 0.1])
        let profiles = RankLaggingCells.profiles(setting)
        let (_, columns) = RankSensitivity.Sampling.make(design: design, seed: 1)
        let partition = try #require(run.groups.first { $0.variable.key == key }).partition
        let cells = RankLaggingCells(setting, columns: columns, partition: partition, masks: profiles.masks, complete: profiles.complete, tableLimit: tableLimit)
        return (cells, partition, columns.count, dimensions.map { run.instrument.dimensions[$0].weight }, counting.k)
    }

    /// The lagging cells kept as dictionaries of their non-empty entries (designs of many
    /// PSUs) give the M0 the tables give, under any multipliers and shift.
    @Test func laggingCellsAsEntriesEqualTheTables() throws {
        let (tabled, partition, psus, weights, k) = try Self.laggingCells(of: "status")
        let listed = try Self.laggingCells(of: "status", tableLimit: 0).cells
        let censored = RankLaggingCells.censoredShares(weights: weights, k: k)
        var generator = SeededGenerator(seed: 3)
        let multipliers = (0..<psus).map { _ in 2 * generator.uniform() }
        for domain in partition.domains.indices {
            for shift in 0..<3 {
                for m in [nil, multipliers] {
                    let a = tabled.adjustedHeadcount(domain: domain, shift: shift, censored: censored, multipliers: m)
                    let b = listed.adjustedHeadcount(domain: domain, shift: shift, censored: censored, multipliers: m)
                    #expect(abs(a - b) < 1e-12, "domain \(domain), shift \(shift)")
                    #expect(a > 0 && a < 1)
                }
                let each = zip(
                    tabled.adjustedHeadcounts(domain: domain, shift: shift, censored: censored),
                    listed.adjustedHeadcounts(domain: domain, shift: shift, censored: censored))
                #expect(each.allSatisfy { $0.isNaN && $1.isNaN || abs($0 - $1) < 1e-12 })
            }
        }
    }

    /// Every bootstrap draw's M0 of a domain at once (`adjustedHeadcounts(domain:draws:)`,
    /// four draws of a shift side by side) is each draw's own, bit for bit, over entries and
    /// tables, with draws per shift that do not fill the last four (11 draws over 3 shifts),
    /// a draw's own shares and a PSU left out.
    @Test func allDrawsOfADomainAtOnceAreEachDrawsOwn() throws {
        var generator = SeededGenerator(seed: 7)
        let draws = 11
        let shifts = (0..<draws).map { $0 == 0 ? 2 : Int(generator.uniform() * 3) }
        for tableLimit in [1 << 16, 0] {
            let (cells, partition, psus, weights, k) = try Self.laggingCells(of: "nationality", tableLimit: tableLimit)
            let censored = (0..<draws).map { _ in RankLaggingCells.censoredShares(weights: weights.map { $0 * (0.5 + generator.uniform()) }, k: k) }
            let multipliers = (0..<draws).map { _ in (0..<psus).map { psu in psu == 0 ? 0 : 2 * generator.uniform() } }
            for domain in partition.domains.indices {
                let batches = RankLaggingCells.DrawBatches(shifts: shifts, shiftCount: 3, censored: censored, multipliers: multipliers)
                let together = cells.adjustedHeadcounts(domain: domain, draws: batches)
                let alone = (0..<draws).map { cells.adjustedHeadcount(domain: domain, shift: shifts[$0], censored: censored[$0], multipliers: multipliers[$0]) }
                #expect(together.map(\.bitPattern) == alone.map(\.bitPattern), "table limit \(tableLimit), domain \(domain)")
                #expect(alone.allSatisfy { $0 > 0 && $0 < 1 })
            }
        }
    }
}
