import Foundation
import Testing
@testable import IntegrationIndex

/// Change between waves (`integra compare`): a case worked by hand, R's numbers on the demo's
/// two waves (`Scripts/change-vs-R.R`: svyby + svycontrast on the waves stacked in one
/// stratified cluster design with fpc; svymean of the paired differences and svycontrast of
/// svyratio(covmat = TRUE) for a panel), and what must hold whatever the data.
@Suite struct WaveComparisonTests {
    static func estimate(_ indicator: String, group: String = "", value: String = "", _ estimate: Double, se: Double, df: Int, n: Int = 50, flag: QualityFlag = .publish) -> IndexEstimate {
        IndexEstimate(
            indicator: indicator, statistic: .mean, groupKey: group, groupValue: value, groupLabel: LocalizedText(es: value, en: value), n: n,
            weightedN: Double(n), estimate: estimate, standardError: se, degreesOfFreedom: df, ciLow: nil, ciHigh: nil,
            coefficientOfVariation: nil, flag: flag)
    }

    /// 50 ± 3 then 54 ± 4: a change of 4 with SE √(9 + 16) = 5 and df 10 + 20; t = 0.8,
    /// whose two-sided p with 30 df is 0.4300004 (R: 2 * pt(-0.8, 30)); 8% more than before.
    /// A suppressed estimate in either wave leaves its change empty.
    @Test func independentChangeByHand() throws {
        let before = [Self.estimate("overall", 50, se: 3, df: 10), Self.estimate("overall", group: "sex", value: "1", 40, se: 1, df: 10, n: 5, flag: .suppress)]
        let after = [Self.estimate("overall", 54, se: 4, df: 20), Self.estimate("overall", group: "sex", value: "1", 45, se: 1, df: 20)]
        let changes = WaveComparison.independent(before: before, after: after, adjustment: .holm)
        #expect(changes.count == 2)
        let whole = changes[0]
        #expect(abs(try #require(whole.change) - 4) < 1e-12)
        #expect(abs(try #require(whole.standardError) - 5) < 1e-12)
        #expect(whole.degreesOfFreedom == 30)
        #expect(abs(try #require(whole.relativeChange) - 0.08) < 1e-12)
        #expect(abs(try #require(whole.pValue) - 0.430000409784208) < 1e-9)
        let t = StudentT.quantile(0.975, degreesOfFreedom: 30)
        #expect(abs(try #require(whole.ciLow) - (4 - 5 * t)) < 1e-12)
        #expect(!whole.isSignificant)
        let hidden = changes[1]
        #expect(hidden.before == nil && hidden.change == nil && hidden.standardError == nil && hidden.pValue == nil)
    }

    /// A change is as publishable as the weaker of its two estimates: "E" in either wave
    /// marks it, "F" in either hides it, and the change's own flag is stored and written.
    @Test func aChangeCarriesTheWeakerFlagOfItsTwoEstimates() throws {
        let flags: [(QualityFlag, QualityFlag, QualityFlag)] = [
            (.publish, .publish, .publish), (.caution, .publish, .caution), (.publish, .caution, .caution), (.caution, .caution, .caution),
            (.suppress, .caution, .suppress), (.publish, .suppress, .suppress),
        ]
        for (first, second, expected) in flags {
            let changes = WaveComparison.independent(
                before: [Self.estimate("overall", 50, se: 3, df: 10, flag: first)], after: [Self.estimate("overall", 54, se: 4, df: 20, flag: second)],
                adjustment: .holm)
            #expect(changes[0].flag == expected, "\(first) then \(second)")
            #expect((changes[0].change == nil) == (expected == .suppress))
        }
        let csv = String(decoding: ChangeTables.changesCSV(
            WaveComparison.independent(
                before: [Self.estimate("overall", 50, se: 3, df: 10, flag: .caution)], after: [Self.estimate("overall", 54, se: 4, df: 20)], adjustment: .holm),
            language: .en).bytes, as: UTF8.self)
        #expect(csv.split(separator: "\n")[0].hasSuffix(",flag") && csv.split(separator: "\n")[1].hasSuffix(",E"), "\(csv)")
    }

    /// A panel's change takes the waves' published flags for its estimate, and is flagged by
    /// its number of pairs: the demo's panel (the waves share ids) gives "E" and "F" where the
    /// later run does and where fewer than 30 or 10 respondents are linked.
    @Test func aPanelsChangeIsFlaggedByTheWavesAndItsPairs() throws {
        let waves = try #require(Self.waves)
        let changes = try WaveComparison.paired(before: waves.before, after: waves.after)
        let published = Dictionary(
            (waves.before.estimates + waves.after.estimates).map { ("\($0.indicator)|\($0.groupKey)|\($0.groupValue)", $0.flag) }, uniquingKeysWith: { $0.worse($1) })
        for c in changes {
            let wave = published["\(c.indicator)|\(c.groupKey)|\(c.groupValue)"] ?? .publish
            let pairs: QualityFlag = c.nAfter < 10 ? .suppress : c.nAfter < 30 ? .caution : .publish
            let expected = wave.worse(pairs)
            if expected == .suppress {
                #expect(c.flag == .suppress && c.change == nil && c.before == nil, "\(c.indicator) \(c.groupKey)=\(c.groupValue)")
            } else if c.change != nil {
                #expect(c.flag == expected, "\(c.indicator) \(c.groupKey)=\(c.groupValue)")
            }
        }
        #expect(changes.contains { $0.flag == .caution })
    }

    static let waves: (before: StudyRun, after: StudyRun)? = {
        func run(_ path: String) throws -> StudyRun {
            let study = try Study.load(from: fixture(path))
            return try StudyRun.execute(study: study, instrument: study.loadInstrument().instrument)
        }
        guard let before = try? run("demo/study.json"), let after = try? run("demo-wave2/study.json") else { return nil }
        return (before, after)
    }()

    /// R's change and SE (on the 0–100 scale; proportions in percentage points) and df.
    @Test(arguments: [
        ("independent", "overall", "", 3.0872571398, 0.8766319380, 130),
        ("independent", "economic", "", 3.0806805066, 1.0446383906, 130),
        ("independent", "af_H", "", -7.78220024, 2.08229011, 130),
        ("independent", "overall", "1", 3.5007830805, 1.0416925622, 130),
        ("independent", "overall", "2", 2.6394215073, 0.9579770620, 130),
        ("paired", "overall", "", 3.0687928354, 0.4186518157, 65),
        ("paired", "overall", "1", 6.9089566888, 0.6555023561, 65),
        ("paired", "overall", "2", -0.3165270206, 0.5697849077, 65),
        ("paired", "af_A", "", -3.0570632421, 0.6198089105, 65),
    ])
    func demoAgreesWithR(samples: String, indicator: String, sex: String, change: Double, se: Double, df: Int) throws {
        let waves = try #require(Self.waves)
        let changes =
            samples == "paired"
            ? try WaveComparison.paired(before: waves.before, after: waves.after)
            : WaveComparison.independent(before: waves.before.estimates, after: waves.after.estimates, adjustment: .holm)
        let c = try #require(changes.first { $0.indicator == indicator && $0.groupKey == (sex.isEmpty ? "" : "sex") && $0.groupValue == sex })
        #expect(abs(try #require(c.change) - change) < 1e-6)
        #expect(abs(try #require(c.standardError) - se) < 1e-6)
        #expect(c.degreesOfFreedom == df)
        #expect(c.samples.rawValue == samples)
    }

    /// A wave compared with itself as a panel: every change is exactly 0, with SE 0.
    @Test func aPanelComparedWithItselfHasNoChange() throws {
        let waves = try #require(Self.waves)
        let changes = try WaveComparison.paired(before: waves.after, after: waves.after)
        #expect(changes.count > 100)
        for c in changes where c.change != nil {
            #expect(abs(c.change!) < 1e-9, "\(c.indicator) \(c.groupKey)=\(c.groupValue)")
            #expect(c.standardError! < 1e-9)
        }
    }

    /// Every independent change is after − before of the runs' own published estimates, with
    /// the SE of two independent estimates.
    @Test func independentChangesAreTheDifferenceOfPublishedEstimates() throws {
        let waves = try #require(Self.waves)
        let changes = WaveComparison.independent(before: waves.before.estimates, after: waves.after.estimates, adjustment: .holm)
        #expect(changes.count == waves.after.estimates.count)
        for c in changes {
            let a = try #require(waves.before.estimates.first { $0.indicator == c.indicator && $0.groupKey == c.groupKey && $0.groupValue == c.groupValue })
            let b = try #require(waves.after.estimates.first { $0.indicator == c.indicator && $0.groupKey == c.groupKey && $0.groupValue == c.groupValue })
            guard let change = c.change else {
                #expect(a.isSuppressed || b.isSuppressed)
                continue
            }
            #expect(change == b.estimate - a.estimate)
            #expect(abs(c.standardError! - (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()) < 1e-12)
        }
        // Holm within a table: adjusted p-values are never below the raw ones.
        #expect(changes.allSatisfy { c in c.pValue.map { c.adjustedPValue! >= $0 } ?? true })
    }

    /// Instruments must share name and major version; otherwise the error lists what differs.
    @Test func differentInstrumentsAreRefusedWithTheItemsThatDiffer() throws {
        let study = try Study.load(from: fixture("demo/study.json"))
        let instrument = try study.loadInstrument().instrument
        #expect(throws: Never.self) { try InstrumentMismatch.check(instrument, instrument) }
        var minor = instrument
        minor.version = InstrumentMismatch.majorVersion(instrument.version) + ".99"
        #expect(throws: Never.self) { try InstrumentMismatch.check(instrument, minor) }
        var other = instrument
        other.version = "99.0"
        let dropped = other.dimensions[0].items.removeFirst()
        other.dimensions[1].items[0].nonAnswers = []
        let changed = other.dimensions[1].items[0].column
        let error = try #require(throws: InstrumentMismatch.self) { try InstrumentMismatch.check(instrument, other) }
        #expect(error.description.contains("\(dropped.column) only in"))
        #expect(error.description.contains("\(changed) scored differently"))
    }
}
