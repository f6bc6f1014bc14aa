import Foundation
import Testing
@testable import IntegrationIndex

/// The demo's estimates against R's `survey` package on the same respondent scores and
/// design, computed once with R and its survey package (`Scripts/demo-vs-R.R`):
///
///     des <- postStratify(svydesign(ids = ~segment, strata = ~province, fpc = ~fpc_segments,
///                      weights = ~weight, data = merge(responses, respondents)),
///                      ~province + sex, margins)   # Fixtures/demo/margins-province-sex.csv
///     svymean(~overall, des, na.rm = TRUE); svyby(~overall, ~sex, des, svymean, na.rm = TRUE)
///     svyciprop(~plan, subset(des, !is.na(plan)), method = "logit")
@Suite struct DemoAgreesWithRTests {
    static let run: StudyRun? = {
        guard let study = try? Study.load(from: fixture("demo/study.json")), let instrument = try? study.loadInstrument().instrument else { return nil }
        return try? StudyRun.execute(study: study, instrument: instrument)
    }()

    @Test(arguments: [
        ("psychosocial", 55.8301082107, 0.5962368997, 65),
        ("economic", 48.6156547525, 0.7452706263, 65),
        ("cultural", 59.0528831489, 0.6719523799, 65),
        ("political", 58.2264411658, 0.6083076293, 65),
        ("linguistic", 65.2414938734, 0.5338953752, 65),
        ("navigational", 60.0267565795, 0.7827018882, 65),
        ("migration_intentions", 48.3339111502, 0.8837381356, 65),
        ("overall", 56.4775810862, 0.6131095102, 65),
    ])
    func populationMeansEqualSvymean(indicator: String, estimate: Double, se: Double, df: Int) throws {
        let run = try #require(Self.run)
        let e = try #require(run.estimates.first { $0.indicator == indicator && $0.groupKey.isEmpty })
        #expect(relativeError(e.estimate, estimate) < 1e-9)
        #expect(relativeError(e.standardError, se) < 1e-9)
        #expect(e.degreesOfFreedom == df)
    }

    @Test(arguments: [("1", 59.1862529034, 0.707603782547, 65), ("2", 54.1031156360, 0.696621533900, 65), ("3", 58.3638963690, 2.253017668275, 42)])
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
        #expect(relativeError(e.estimate, 51.32823406924) < 1e-9)
        #expect(relativeError(e.standardError, 1.19013387629) < 1e-9)
        #expect(relativeError(e.ciLow!, 48.95016098458) < 1e-9)
        #expect(relativeError(e.ciHigh!, 53.70030890106) < 1e-9)
    }
}
