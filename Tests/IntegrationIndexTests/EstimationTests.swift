import Foundation
import Testing
@testable import IntegrationIndex

/// Small designs computed with pencil and paper (`survey-statistics.md`), and the
/// invariances every design-based estimator must keep.
@Suite struct EstimationTests {
    /// Builds a design from per-row strata, PSUs and weights.
    static func column(_ values: [String]) -> CategoricalColumn {
        let levels = Array(Set(values)).sorted()
        return CategoricalColumn(levels: levels, codes: values.map { Int32(levels.firstIndex(of: $0)!) })
    }

    static func design(
        strata: [String]? = nil, psus: [String]? = nil, ssus: [String]? = nil, weights: [Double], fpc: [Double]? = nil,
        fpc2: [Double]? = nil, lonelyPSU: LonelyPSUPolicy = .fail, replicates: ReplicateWeights? = nil
    ) throws -> SurveyDesign {
        try SurveyDesign(
            rowCount: weights.count, weights: weights, strata: strata.map(column), clusters: [psus, ssus].compactMap { $0 }.map(column),
            fpc: [fpc, fpc2].compactMap { $0 }, nest: false, lonelyPSU: lonelyPSU, replicates: replicates)
    }

    static func whole(_ estimator: Estimator, _ statistic: Statistic, _ values: [Double]) -> Estimate {
        estimator.estimate([AnalysisVariable(name: "y", statistic: statistic, values: values)], by: [.whole(rows: values.count)])[0]
    }

    // One stratum, two PSUs, four rows: PSU 1 holds (w 1, y 1), (w 1, y 3); PSU 2 (w 2, y 5), (w 2, y 7).
    static let y: [Double] = [1, 3, 5, 7]
    static func onePairDesign(scale: Double = 1) throws -> SurveyDesign {
        try design(psus: ["p1", "p1", "p2", "p2"], weights: [1, 1, 2, 2].map { $0 * scale })
    }

    @Test func meanOfOneStratumTwoPSUsByHand() throws {
        let e = Self.whole(Estimator(design: try Self.onePairDesign()), .mean, Self.y)
        // ȳ = 28/6. PSU totals of z = w(y − ȳ)/W: −8/9 and 8/9; V = 2/1 · 2 · (8/9)² = 256/81.
        #expect(abs(e.estimate - 28.0 / 6) < 1e-12)
        #expect(abs(e.standardError - 16.0 / 9) < 1e-12)
        #expect(e.degreesOfFreedom == 1)
        let t = 12.706204736174694  // R: qt(0.975, 1)
        #expect(relativeError(e.interval!.lowerBound, 28.0 / 6 - t * 16 / 9) < 1e-12)
        #expect(e.n == 4)
        #expect(e.weightedN == 6)
    }

    @Test func totalOfOneStratumTwoPSUsByHand() throws {
        let e = Self.whole(Estimator(design: try Self.onePairDesign()), .total, Self.y)
        // PSU totals 4 and 24 around their mean 14: V = 2 · (100 + 100) = 400.
        #expect(e.estimate == 28)
        #expect(abs(e.standardError - 20) < 1e-12)
    }

    @Test func twoStrataWithFpcByHand() throws {
        // Stratum A as above with N = 4 PSUs; stratum B: PSUs (w 1, y 2) and (w 1, y 4), N = 10.
        let design = try Self.design(
            strata: ["A", "A", "A", "A", "B", "B"], psus: ["p1", "p1", "p2", "p2", "p3", "p4"],
            weights: [1, 1, 2, 2, 1, 1], fpc: [4, 4, 4, 4, 10, 10])
        let e = Self.whole(Estimator(design: design), .total, Self.y + [2, 4])
        // A: (1 − 2/4) · 2 · 200 = 200. B: totals 2, 4: (1 − 2/10) · 2 · 2 = 3.2.
        #expect(abs(e.standardError * e.standardError - 203.2) < 1e-9)
        #expect(e.degreesOfFreedom == 4 - 2)
    }

    @Test func samplingFractionBelowOneIsUsedAsIs() throws {
        let byFraction = try Self.design(psus: ["p1", "p1", "p2", "p2"], weights: [1, 1, 2, 2], fpc: [0.5, 0.5, 0.5, 0.5])
        let bySize = try Self.design(psus: ["p1", "p1", "p2", "p2"], weights: [1, 1, 2, 2], fpc: [4, 4, 4, 4])
        #expect(Self.whole(Estimator(design: byFraction), .total, Self.y).standardError == Self.whole(Estimator(design: bySize), .total, Self.y).standardError)
    }

    /// Stratum A: PSU totals 4 and 24; stratum C: one PSU with total 10.
    static func lonelyDesign(_ policy: LonelyPSUPolicy) throws -> SurveyDesign {
        try design(strata: ["A", "A", "A", "A", "C"], psus: ["p1", "p1", "p2", "p2", "p3"], weights: [1, 1, 2, 2, 1], lonelyPSU: policy)
    }

    @Test(arguments: [
        (LonelyPSUPolicy.remove, 400.0),
        (.certainty, 400.0),
        // R's survey 4.1 leaves the lonely total uncentred: C adds 10² (for a mean's
        // linearized values, whose PSU totals sum to zero, this is the grand mean).
        (.adjust, 400.0 + 100),
        // 400 from the one stratum with variance, scaled by 2 strata / 1.
        (.average, 800.0),
    ])
    func lonelyPSUPolicies(policy: LonelyPSUPolicy, variance: Double) throws {
        let e = Self.whole(Estimator(design: try Self.lonelyDesign(policy)), .total, Self.y + [10])
        #expect(abs(e.standardError * e.standardError - variance) < 1e-9)
    }

    @Test func lonelyPSUTakenWithCertaintyIsNotAnError() throws {
        // Stratum C's one PSU is its whole population (fpc 1): it adds no variance.
        let design = try Self.design(strata: ["A", "A", "A", "A", "C"], psus: ["p1", "p1", "p2", "p2", "p3"], weights: [1, 1, 2, 2, 1], fpc: [4, 4, 4, 4, 1])
        let e = Self.whole(Estimator(design: design), .total, Self.y + [10])
        #expect(abs(e.standardError * e.standardError - 200) < 1e-9)
    }

    // Two stages, one stratum: PSUs A and B of N1 = 4, each with two SSUs of N2 = 4, weight 1.
    // PSU totals 4 and 12: V1 = (1 − 2/4) · 2/1 · 32 = 32. Within each PSU the SSU totals
    // differ by 2: (1 − 2/4) · 2/1 · 2 = 2, scaled by n1/N1 = 1/2: 1 each.
    @Test(arguments: [
        ([4.0, 4, 4, 4], [4.0, 4, 4, 4], 34.0),
        // No stage-2 fpc: the second stage is with replacement: 2 · 2 · 1/2 = 2 per PSU.
        ([4.0, 4, 4, 4], nil, 36.0),
        // No fpc at all: ultimate-cluster variance 2 · 32.
        (nil, nil, 64.0),
    ])
    func twoStageVarianceByHand(fpc: [Double]?, fpc2: [Double]?, variance: Double) throws {
        let design = try Self.design(
            psus: ["A", "A", "B", "B"], ssus: ["a1", "a2", "b1", "b2"], weights: [1, 1, 1, 1], fpc: fpc, fpc2: fpc2)
        let e = Self.whole(Estimator(design: design), .total, Self.y)
        #expect(abs(e.standardError * e.standardError - variance) < 1e-9)
        #expect(e.degreesOfFreedom == 1)
    }

    @Test func weightsComeFromTheFpcWhenNotGiven() throws {
        let design = try SurveyDesign(
            rowCount: 4, weights: nil, strata: nil, clusters: [Self.column(["A", "A", "B", "B"]), Self.column(["a1", "a2", "b1", "b2"])],
            fpc: [[4, 4, 4, 4], [8, 8, 8, 8]], nest: false, lonelyPSU: .fail)
        // 1 / (2/4 · 2/8) = 8.
        #expect(design.weights == [8, 8, 8, 8])
    }

    @Test func lonelyUnitAtStageTwoFailsNamingItsPSU() {
        let error = #expect(throws: DesignError.self) {
            try Self.design(psus: ["A", "A", "B"], ssus: ["a1", "a2", "b1"], weights: [1, 1, 1], fpc: [4, 4, 4], fpc2: [4, 4, 4])
        }
        #expect(error?.message.contains("\"B\" has only one sampled unit at stage 2") == true)
    }

    /// Rows (w 1, y 1), (1, 3) in PSU 1 and (2, 5), (2, 7) in PSU 2, with the two jackknife
    /// replicates that drop one PSU each: θ1 = (4·5 + 4·7)/8 = 6, θ2 = (2·1 + 2·3)/4 = 2.
    static let replicateColumns: [[Double]] = [[0, 0, 4, 4], [2, 2, 0, 0]]

    @Test(arguments: [
        // Σ (θr − θ̄)² = 8 around θ̄ = 4; each kind's scale.
        (ReplicateWeights.Kind.jk1, nil as Double?, nil as Double?, false, 4.0),
        (.brr, nil, nil, false, 4.0),
        (.fay, 0.5, nil, false, 16.0),
        (.bootstrap, nil, nil, false, 8.0),
        (.jk1, nil, 0.1, false, 0.8),
        // Around θ̂ = 28/6 instead: (6 − 14/3)² + (2 − 14/3)² = 80/9, times 1/2.
        (.jk1, nil, nil, true, 40.0 / 9),
    ])
    func replicateVariancesByHand(kind: ReplicateWeights.Kind, rho: Double?, scale: Double?, mse: Bool, variance: Double) throws {
        let replicates = try ReplicateWeights(kind: kind, columns: Self.replicateColumns, names: ["r1", "r2"], fayRho: rho, scale: scale, meanSquaredError: mse)
        let design = try Self.design(weights: [1, 1, 2, 2], replicates: replicates)
        let e = Self.whole(Estimator(design: design), .mean, Self.y)
        #expect(abs(e.estimate - 28.0 / 6) < 1e-12)
        #expect(abs(e.standardError * e.standardError - variance) < 1e-9)
        // Two independent replicates: rank 2, one degree of freedom.
        #expect(e.degreesOfFreedom == 1)
    }

    @Test func replicateRankCountsDistinctDirections() {
        // Bootstrap-like: 4 replicates over 2 clusters of 2 rows span only 2 directions.
        let columns: [[Double]] = [[2, 2, 0, 0], [0, 0, 2, 2], [1, 1, 1, 1], [3, 3, 1, 1]]
        #expect(ReplicateWeights.rank(of: columns) == 2)
    }

    @Test func differenceOfDomainsUsesTheirCovariance() throws {
        // Domains share PSUs: the SE of the difference is not √(V_a + V_b).
        let design = try Self.design(psus: ["p1", "p1", "p2", "p2", "p3", "p3"], weights: [1, 2, 1, 2, 1, 2])
        let groups = Partition.crossing([Self.column(["a", "b", "a", "b", "a", "b"])], key: "g")
        let variable = AnalysisVariable(name: "y", statistic: .mean, values: [3, 5, 4, 8, 6, 7])
        let estimator = Estimator(design: design)
        let each = estimator.estimate([variable], by: [groups])
        let difference = estimator.difference(variable, partition: groups, 0, 1)
        #expect(abs(difference.estimate - (each[0].estimate - each[1].estimate)) < 1e-12)
        #expect(difference.domain == ["a - b"])
        // By hand: z_a − z_b per PSU from the two domains' linearized values.
        let (ya, yb) = (13.0 / 3, 20.0 / 3)
        let zA = [1 * (3 - ya), 1 * (4 - ya), 1 * (6 - ya)].map { $0 / 3 }
        let zB = [2 * (5 - yb), 2 * (8 - yb), 2 * (7 - yb)].map { $0 / 6 }
        let d = zip(zA, zB).map { $0 - $1 }
        let mean = d.reduce(0, +) / 3
        let variance = 3.0 / 2 * d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        #expect(abs(difference.standardError - variance.squareRoot()) < 1e-12)
        #expect(abs(difference.standardError - (each[0].standardError * each[0].standardError + each[1].standardError * each[1].standardError).squareRoot()) > 1e-3)
    }

    /// Without a cluster column each row is its own PSU; the engine then sums per stratum
    /// instead of per row. Naming every row as a PSU must give the same numbers.
    @Test(arguments: [LonelyPSUPolicy.fail, .adjust, .average])
    func rowsAsPSUsEqualExplicitSingleRowPSUs(policy: LonelyPSUPolicy) throws {
        var generator = SeededGenerator(seed: 21)
        let rows = 200
        // A lonely stratum (one row) when the policy allows it.
        let strata = (0..<rows).map { policy == .fail || $0 > 0 ? "s\($0 % 4)" : "lonely" }
        let weights = (0..<rows).map { _ in 1 + 4 * generator.uniform() }
        let values = (0..<rows).map { _ in generator.uniform() < 0.1 ? Double.nan : 50 + 10 * generator.normal() }
        let fpc = strata.map { $0 == "lonely" ? 10.0 : 500 }
        let groups = Partition.crossing([Self.column((0..<rows).map { _ in ["a", "b", "c"][Int(generator.next() % 3)] })], key: "g")
        let variables = [Statistic.mean, .total].map { AnalysisVariable(name: "y", statistic: $0, values: values) }
        let implicit = try Self.design(strata: strata, weights: weights, fpc: fpc, lonelyPSU: policy)
        let explicit = try Self.design(strata: strata, psus: (0..<rows).map { "r\($0)" }, weights: weights, fpc: fpc, lonelyPSU: policy)
        #expect(implicit.rowsAreUnits && !explicit.rowsAreUnits)
        let a = Estimator(design: implicit).estimate(variables, by: [.whole(rows: rows), groups])
        let b = Estimator(design: explicit).estimate(variables, by: [.whole(rows: rows), groups])
        for (x, y) in zip(a, b) {
            #expect(relativeError(x.standardError, y.standardError) < 1e-10)
            #expect(x.degreesOfFreedom == y.degreesOfFreedom)
            #expect(relativeError(x.designEffect ?? 0, y.designEffect ?? 0) < 1e-10)
        }
        let d1 = Estimator(design: implicit).difference(variables[0], partition: groups, 0, 2)
        let d2 = Estimator(design: explicit).difference(variables[0], partition: groups, 0, 2)
        #expect(relativeError(d1.standardError, d2.standardError) < 1e-10)
        #expect(d1.degreesOfFreedom == d2.degreesOfFreedom)
    }

    @Test func lonelyPSUFailsNamingTheStratum() {
        let error = #expect(throws: DesignError.self) { try Self.lonelyDesign(.fail) }
        #expect(error?.message.contains("\"C\" has only one PSU") == true)
    }

    @Test func psuInTwoStrataWithoutNestIsAnError() {
        let error = #expect(throws: DesignError.self) {
            try Self.design(strata: ["A", "B"], psus: ["p1", "p1"], weights: [1, 1])
        }
        #expect(error?.message.contains("clusters not nested in strata") == true)
        #expect(error?.message.contains("\"p1\"") == true)
    }

    @Test func fpcThatVariesWithinAStratumOrIsTooSmallIsAnError() {
        #expect(throws: DesignError.self) { try Self.design(psus: ["a", "b"], weights: [1, 1], fpc: [10, 11]) }
        let error = #expect(throws: DesignError.self) { try Self.design(psus: ["a", "b", "c"], weights: [1, 1, 1], fpc: [2, 2, 2]) }
        #expect(error?.message.contains("smaller than the 3 sampled PSUs") == true)
    }

    @Test func scalingAllWeightsChangesNoMeanAndNoSE() throws {
        var generator = SeededGenerator(seed: 3)
        let rows = 300
        let strata = (0..<rows).map { "s\($0 % 3)" }
        let psus = (0..<rows).map { "p\($0 % 3)-\(($0 / 3) % 7)" }
        let weights = (0..<rows).map { _ in 1 + 9 * generator.uniform() }
        let values = (0..<rows).map { _ in generator.uniform() < 0.05 ? Double.nan : generator.normal() }
        let groups = CategoricalColumn(levels: ["a", "b"], codes: (0..<rows).map { _ in Int32(generator.next() % 2) })
        let partitions = [Partition.whole(rows: rows), Partition.crossing([groups], key: "g")]
        let variable = [AnalysisVariable(name: "y", statistic: .mean, values: values)]
        let base = Estimator(design: try Self.design(strata: strata, psus: psus, weights: weights)).estimate(variable, by: partitions)
        let scaled = Estimator(design: try Self.design(strata: strata, psus: psus, weights: weights.map { $0 * 37.5 })).estimate(variable, by: partitions)
        for (a, b) in zip(base, scaled) {
            #expect(relativeError(b.estimate, a.estimate) < 1e-12)
            #expect(relativeError(b.standardError, a.standardError) < 1e-10)
            #expect(b.degreesOfFreedom == a.degreesOfFreedom)
        }
    }

    /// Domains keep every PSU of the design: estimating a domain equals estimating the whole
    /// sample with values outside it missing, and differs from dropping the other rows.
    @Test func domainsAreEstimatedByZeroWeightNotByDroppingRows() throws {
        let psus = ["p1", "p1", "p2", "p2", "p3", "p3"]
        let weights: [Double] = [1, 2, 1, 2, 1, 2]
        let values: [Double] = [3, 5, 4, 8, 6, 7]
        let inDomain = [true, true, true, false, false, false]
        let design = try Self.design(psus: psus, weights: weights)
        let groups = CategoricalColumn(levels: ["in", "out"], codes: inDomain.map { $0 ? 0 : 1 })
        let domain = Estimator(design: design).estimate(
            [AnalysisVariable(name: "y", statistic: .mean, values: values)], by: [Partition.crossing([groups], key: "g")])[0]
        let masked = Self.whole(Estimator(design: design), .mean, zip(values, inDomain).map { $1 ? $0 : .nan })
        #expect(domain.estimate == masked.estimate)
        #expect(abs(domain.standardError - masked.standardError) < 1e-12)
        // The domain touches 2 of 3 PSUs: df = 2 − 1.
        #expect(domain.degreesOfFreedom == 1)
        let dropped = Self.whole(
            Estimator(design: try Self.design(psus: Array(psus[0..<3]), weights: Array(weights[0..<3]))), .mean, Array(values[0..<3]))
        #expect(dropped.estimate == domain.estimate)
        #expect(abs(dropped.standardError - domain.standardError) > 1e-3)
    }

    @Test func addingADomainDoesNotChangeAnotherDomain() throws {
        let rows = 60
        var generator = SeededGenerator(seed: 8)
        let design = try Self.design(psus: (0..<rows).map { "p\($0 % 12)" }, weights: (0..<rows).map { _ in 1 + generator.uniform() })
        let values = (0..<rows).map { _ in generator.normal() }
        let coarse = CategoricalColumn(levels: ["a", "rest"], codes: (0..<rows).map { $0 < 20 ? 0 : 1 })
        let fine = CategoricalColumn(levels: ["a", "b", "c"], codes: (0..<rows).map { $0 < 20 ? 0 : ($0 < 45 ? 1 : 2) })
        let variable = [AnalysisVariable(name: "y", statistic: .mean, values: values)]
        let a1 = Estimator(design: design).estimate(variable, by: [Partition.crossing([coarse], key: "g")])[0]
        let a2 = Estimator(design: design).estimate(variable, by: [Partition.crossing([fine], key: "g")])[0]
        #expect(a1 == a2)
    }

    @Test func proportionIntervalIsOnTheLogitScale() {
        let interval = Estimator.interval(estimate: 0.2, standardError: 0.05, degreesOfFreedom: 14, logit: true)!
        let t = 2.1447866879178039  // R: qt(0.975, 14)
        let half = t * 0.05 / (0.2 * 0.8)
        #expect(relativeError(interval.lowerBound, 1 / (1 + exp(-(log(0.25) - half)))) < 1e-12)
        #expect(Estimator.interval(estimate: 0, standardError: 0, degreesOfFreedom: 14, logit: true) == nil)
        #expect(Estimator.interval(estimate: 5, standardError: 1, degreesOfFreedom: 0, logit: false) == nil)
    }

    @Test(arguments: [
        (1.0, 12.706204736174694), (2, 4.3026527297494619), (3, 3.1824463052837078), (7, 2.3646242515927844),
        (14, 2.1447866879178039), (65, 1.9971379083920036), (199, 1.9719565442517519), (1000, 1.9623390808264076),
    ])
    func studentQuantileAgreesWithR(df: Double, expected: Double) {
        #expect(relativeError(StudentT.quantile(0.975, degreesOfFreedom: df), expected) < 1e-12)
    }

    @Test func qualityFlagsFollowTheThresholds() {
        let thresholds = QualityThresholds()
        func flag(n: Int, estimate: Double, se: Double, statistic: Statistic = .mean) -> QualityFlag {
            let e = Estimate(
                statistic: statistic, variable: "y", level: nil, partition: "", domain: [], n: n, weightedN: Double(n),
                estimate: estimate, standardError: se, degreesOfFreedom: 10,
                interval: Estimator.interval(estimate: estimate, standardError: se, degreesOfFreedom: 10, logit: statistic == .proportion),
                designEffect: nil)
            return QualityFlag(assessing: e, thresholds: thresholds)
        }
        #expect(flag(n: 100, estimate: 50, se: 5) == .publish)
        #expect(flag(n: 29, estimate: 50, se: 5) == .caution)
        #expect(flag(n: 100, estimate: 50, se: 10) == .caution)
        #expect(flag(n: 9, estimate: 50, se: 1) == .suppress)
        #expect(flag(n: 100, estimate: 50, se: 17) == .suppress)
        // A rare proportion: a large CV but a narrow interval is publishable.
        #expect(flag(n: 400, estimate: 0.02, se: 0.007, statistic: .proportion) == .publish)
        #expect(flag(n: 400, estimate: 0.5, se: 0.2, statistic: .proportion) == .suppress)
    }

    /// Crossed columns numbered through the flat table give the domains the dictionary gives:
    /// the same names in order of first appearance, blanks a domain of their own, narrow and
    /// wide codes alike (a column of 300 levels is stored wide).
    @Test func crossingThroughTheTableEqualsTheDictionary() {
        var generator = SeededGenerator(seed: 11)
        for levelCounts in [[2], [3, 4], [300, 5], [7, 2, 3, 4, 2]] {
            let rows = 2000
            let columns = levelCounts.map { count in
                CategoricalColumn(
                    levels: (0..<count).map { "v\($0)" },
                    codes: (0..<rows).map { _ in generator.uniform() < 0.1 ? CategoricalColumn.missing : Int32(generator.uniform() * Double(count)) })
            }
            let table = Partition.crossing(columns, key: "g", missingName: "(none)")
            let dictionary = Partition.hashedCrossing(columns, key: "g", missingName: "(none)")
            #expect(table.domains == dictionary.domains, "\(levelCounts)")
            #expect(table.domainOfRow == dictionary.domainOfRow, "\(levelCounts)")
            #expect(table.domains.contains { $0.contains("(none)") })
        }
    }

    /// A crossing of study groups found through the table of combinations gives the domains
    /// the dictionary gives: the combinations that occur, in the members' order.
    @Test func groupCrossingThroughTheTableEqualsTheDictionary() {
        var generator = SeededGenerator(seed: 5)
        let rows = 3000
        let members = [3, 6, 2].enumerated().map { index, count in
            let values = (0..<count).map { "m\(index)v\($0)" }
            // The last value of each member never occurs, so some combinations are absent.
            let domainOfRow = (0..<rows).map { _ in Int32(generator.uniform() * Double(count - 1)) }
            return GroupPartition(
                variable: GroupVariable(key: "g\(index)", labels: LocalizedText(es: "g", en: "g"), kind: .crossing([])),
                partition: Partition(key: "g\(index)", domains: values.map { [$0] }, domainOfRow: domainOfRow),
                values: values, labels: values.map { LocalizedText(es: $0, en: $0) })
        }
        let variable = GroupVariable(key: "x", labels: LocalizedText(es: "x", en: "x"), kind: .crossing(["g0", "g1", "g2"]))
        let table = GroupPartition.crossing(variable, members: members)
        let dictionary = GroupPartition.crossing(variable, members: members, tableLimit: 0)
        #expect(table.values == dictionary.values && table.partition.domains == dictionary.partition.domains)
        #expect(table.partition.domainOfRow == dictionary.partition.domainOfRow)
        #expect(table.values.count == 2 * 5 * 1)
    }

}
