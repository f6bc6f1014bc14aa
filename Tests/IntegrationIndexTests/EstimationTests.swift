import Foundation
import Testing
@testable import IntegrationIndex

/// Small designs computed with pencil and paper (`survey-statistics.md`), and the
/// invariances every design-based estimator must keep.
@Suite struct EstimationTests {
    /// Builds a design from per-row strata, PSUs and weights.
    static func design(
        strata: [String]? = nil, psus: [String]? = nil, weights: [Double], fpc: [Double]? = nil,
        lonelyPSU: LonelyPSUPolicy = .fail
    ) throws -> SurveyDesign {
        func column(_ values: [String]) -> CategoricalColumn {
            let levels = Array(Set(values)).sorted()
            return CategoricalColumn(levels: levels, codes: values.map { Int32(levels.firstIndex(of: $0)!) })
        }
        return try SurveyDesign(
            weights: weights, strata: strata.map(column), clusters: psus.map(column), fpc: fpc, nest: false, lonelyPSU: lonelyPSU)
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
        // Grand mean of PSU totals 38/3; C adds (10 − 38/3)² = 64/9.
        (.adjust, 400.0 + 64.0 / 9),
        // 400 from the one stratum with variance, scaled by 2 strata / 1.
        (.average, 800.0),
    ])
    func lonelyPSUPolicies(policy: LonelyPSUPolicy, variance: Double) throws {
        let e = Self.whole(Estimator(design: try Self.lonelyDesign(policy)), .total, Self.y + [10])
        #expect(abs(e.standardError * e.standardError - variance) < 1e-9)
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
}
