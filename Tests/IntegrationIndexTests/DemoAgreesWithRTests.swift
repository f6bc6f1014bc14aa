import Foundation
import Testing
@testable import IntegrationIndex

/// The demo's estimates against R's `survey` package on the same respondent scores and
/// design, computed once with R and its survey package (`Scripts/demo-vs-R.R`):
///
///     des <- svydesign(ids = ~segment, strata = ~province, fpc = ~fpc_segments,
///                      weights = ~weight, data = merge(responses, respondents))
///     svymean(~overall, des, na.rm = TRUE); svyby(~overall, ~sex, des, svymean, na.rm = TRUE)
///     svyciprop(~plan, subset(des, !is.na(plan)), method = "logit")
@Suite struct DemoAgreesWithRTests {
    static let run: StudyRun? = {
        guard let study = try? Study.load(from: fixture("demo/study.json")), let instrument = try? study.loadInstrument().instrument else { return nil }
        return try? StudyRun.execute(study: study, instrument: instrument)
    }()

    @Test(arguments: [
        ("psychosocial", 55.9077291467, 0.6179067360, 65),
        ("economic", 48.7201212833, 0.7751505759, 65),
        ("cultural", 59.1793098333, 0.6998077574, 65),
        ("political", 58.3141464510, 0.6206212920, 65),
        ("linguistic", 65.3137936500, 0.5490790958, 65),
        ("navigational", 60.1293658908, 0.8040375213, 65),
        ("migration_intentions", 48.4533516906, 0.9256549520, 65),
        ("overall", 56.5763889473, 0.6395304206, 65),
    ])
    func populationMeansEqualSvymean(indicator: String, estimate: Double, se: Double, df: Int) throws {
        let run = try #require(Self.run)
        let e = try #require(run.estimates.first { $0.indicator == indicator && $0.groupKey.isEmpty })
        #expect(relativeError(e.estimate, estimate) < 1e-9)
        #expect(relativeError(e.standardError, se) < 1e-9)
        #expect(e.degreesOfFreedom == df)
    }

    @Test(arguments: [("1", 59.1830276797, 0.733101368478, 65), ("2", 54.1032980503, 0.711754768601, 65), ("3", 58.3670563644, 2.329037693567, 42)])
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
        #expect(relativeError(e.estimate, 51.21871901364) < 1e-9)
        #expect(relativeError(e.standardError, 1.21117156266) < 1e-9)
        #expect(relativeError(e.ciLow!, 48.79887700297) < 1e-9)
        #expect(relativeError(e.ciHigh!, 53.63286198480) < 1e-9)
    }
}
