import Foundation
import Testing
@testable import IntegrationIndex

/// The demo's estimates against R's `survey` package on the same respondent scores and
/// design, computed once with R 4.2 and survey 4.1:
///
///     des <- svydesign(ids = ~segment, strata = ~province, fpc = ~fpc_segments,
///                      weights = ~weight, data = merge(responses, respondents))
///     svymean(~overall, des, na.rm = TRUE); svyby(~overall, ~sex, des, svymean, na.rm = TRUE)
///     svyciprop(~plan, subset(des, !is.na(plan)), method = "logit")
@Suite struct DemoAgreesWithRTests {
    static let run: StudyRun? = {
        guard let study = try? Study.load(from: fixture("demo/study.json")), let instrument = try? Instrument.load(from: study.instrumentURL) else { return nil }
        return try? StudyRun.execute(study: study, instrument: instrument)
    }()

    @Test(arguments: [
        ("psychosocial", 55.7342670255, 0.6228286750, 65),
        ("economic", 48.9115822654, 0.9065325921, 65),
        ("cultural", 59.9224668487, 0.6654142189, 65),
        ("political", 58.2325849593, 0.6737715903, 65),
        ("linguistic", 65.5056209536, 0.6256263290, 65),
        ("navigational", 61.0764470755, 0.8277616748, 65),
        ("migration_intentions", 48.6944553609, 0.9579532121, 65),
        ("overall", 56.8715710358, 0.6961713527, 65),
    ])
    func populationMeansEqualSvymean(indicator: String, estimate: Double, se: Double, df: Int) throws {
        let run = try #require(Self.run)
        let e = try #require(run.estimates.first { $0.indicator == indicator && $0.groupKey.isEmpty })
        #expect(relativeError(e.estimate, estimate) < 1e-9)
        #expect(relativeError(e.standardError, se) < 1e-9)
        #expect(e.degreesOfFreedom == df)
    }

    @Test(arguments: [("1", 59.9305584221, 0.749056143170, 65), ("2", 53.7576715387, 0.767926737069, 65), ("3", 61.7328203208, 2.025485347435, 35)])
    func overallBySexEqualsSvyby(sex: String, estimate: Double, se: Double, df: Int) throws {
        let run = try #require(Self.run)
        let e = try #require(run.estimates.first { $0.indicator == "overall" && $0.groupKey == "sex" && $0.groupValue == sex })
        #expect(relativeError(e.estimate, estimate) < 1e-9)
        #expect(relativeError(e.standardError, se) < 1e-9)
        #expect(e.degreesOfFreedom == df)
    }

    @Test func plansToMigrateEqualsSvyciprop() throws {
        let run = try #require(Self.run)
        let e = try #require(run.estimates.first { $0.indicator == "plans_to_migrate" && $0.groupKey.isEmpty })
        #expect(relativeError(e.estimate, 52.22294984626) < 1e-9)
        #expect(relativeError(e.standardError, 1.38803482871) < 1e-9)
        #expect(relativeError(e.ciLow!, 49.44685162313) < 1e-9)
        #expect(relativeError(e.ciHigh!, 54.98538319748) < 1e-9)
    }
}
