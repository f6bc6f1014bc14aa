import Foundation
import Testing
@testable import IntegrationIndex

/// p-values of the comparisons with the reference group and their adjustment over a table,
/// against R (`2 * pt(-abs(t), df)` and `p.adjust`).
@Suite struct MultipleComparisonTests {
    @Test func adjustmentsEqualRsPAdjust() {
        let p: [Double?] = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, nil]
        let holm: [Double?] = [0.05, 0.12, 0.12, 0.03, 0.20, 0.12, nil]
        let bh: [Double?] = [0.030, 0.048, 0.048, 0.030, 0.200, 0.048, nil]
        for (method, expected) in [(PValueAdjustment.holm, holm), (.benjaminiHochberg, bh), (.none, p)] {
            let adjusted = method.adjust(p)
            #expect(zip(adjusted, expected).allSatisfy { a, b in (a == nil && b == nil) || abs(a! - b!) < 1e-12 }, "\(method)")
        }
        #expect(PValueAdjustment.holm.adjust([]) == [])
    }

    @Test(arguments: [(2.1, 14.0, 0.0543331459749048), (0.3, 65, 0.765134482621889), (-7.5, 40, 3.81014197062182e-09)])
    func pValuesEqualRsPt(t: Double, df: Double, expected: Double) {
        #expect(relativeError(StudentT.twoSidedPValue(t, degreesOfFreedom: df), expected) < 1e-10)
    }

    /// On the demo: a star is an adjusted p below 5%, Holm's p is never below the raw one,
    /// and each table's adjusted p-values are those of p.adjust over its raw ones.
    @Test func theDemoMarksFollowTheAdjustedPValues() throws {
        var study = try Study.load(from: fixture("demo/study.json"))
        let instrument = try study.loadInstrument().instrument
        let holm = try StudyRun.execute(study: study, instrument: instrument)
        #expect(holm.comparisons.contains { $0.pValue != nil })
        for comparison in holm.comparisons {
            #expect(comparison.isSignificant == (comparison.adjustedPValue.map { $0 < 0.05 } ?? false))
            if let p = comparison.pValue, let adjusted = comparison.adjustedPValue { #expect(adjusted >= p) }
        }
        study.multipleComparisons = .none
        let raw = try StudyRun.execute(study: study, instrument: instrument)
        for table in Set(raw.comparisons.map(\.groupKey)) {
            let members = raw.comparisons.filter { $0.groupKey == table && $0.pValue != nil }
            let adjusted = PValueAdjustment.holm.adjust(members.map(\.pValue))
            let stored = holm.comparisons.filter { $0.groupKey == table && $0.pValue != nil }.map(\.adjustedPValue)
            // Hidden comparisons count in the table too, so Holm's values are at least these.
            #expect(zip(stored, adjusted).allSatisfy { $0! >= $1! - 1e-15 }, "\(table)")
        }
        #expect(raw.comparisons.filter(\.isSignificant).count >= holm.comparisons.filter(\.isSignificant).count)
    }
}
