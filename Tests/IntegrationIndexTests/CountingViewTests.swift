import Foundation
import Testing
@testable import IntegrationIndex

/// The counting view (Alkire–Foster): a case small enough to work by hand, the identities
/// the measures must keep exactly, and R's numbers on the demo (`Scripts/counting-vs-R.R`:
/// svyciprop for H, svyratio for A and the contributions, svymean for M0 and headcounts, on
/// the demo's stratified cluster design with fpc).
@Suite struct CountingViewTests {
    /// Five respondents, three equally weighted dimensions, cut-off 0.5, k = 1/2 (two of
    /// three): r1 lags in two (identified), r2 in none, r3 in all (identified), r4 in one,
    /// r5 has a missing score. Weights 1, 2, 1, 1, 1; the complete rows weigh 5.
    /// H = 2/5, A = (2/3 + 1)/2 = 5/6, M0 = (2/3 + 1)/5 = 1/3 = H·A; censored headcounts
    /// 2/5, 2/5, 1/5, so contributions (1/3 · CH_j)/M0 = 0.4, 0.4, 0.2.
    @Test func handComputedCase() throws {
        let profiles = LaggingProfiles(
            dimensionKeys: ["a", "b", "c"], weights: [1, 1, 1], cutoffs: [0.5, 0.5, 0.5],
            scores: [[0.2, 0.6, 0.1, 0.4, .nan], [0.4, 0.7, 0.3, 0.9, 0.1], [0.9, 0.8, 0.2, 0.9, 0.1]])
        #expect(profiles.complete == 4)
        #expect(profiles.profile(0) == "a|b" && profiles.profile(1) == "" && profiles.profile(4) == nil)
        let design = try EstimationTests.design(weights: [1, 2, 1, 1, 1])
        var settings = CountingSettings()
        settings.k = 0.5
        settings.robustnessK = [1.0 / 3]
        var study = try Study.load(from: fixture("demo/study.json"))
        study.groups = []
        let estimates = CountingEstimates.estimate(profiles: profiles, settings: settings, study: study, groups: [], design: design)
        func value(_ indicator: String) throws -> Double { try #require(estimates.first { $0.indicator == indicator }).estimate / 100 }
        #expect(abs(try value(CountingEstimates.headcount) - 0.4) < 1e-12)
        #expect(abs(try value(CountingEstimates.intensity) - 5.0 / 6) < 1e-12)
        #expect(abs(try value(CountingEstimates.adjustedHeadcount) - 1.0 / 3) < 1e-12)
        for (key, censored, contribution) in [("a", 0.4, 0.4), ("b", 0.4, 0.4), ("c", 0.2, 0.2)] {
            #expect(abs(try value(CountingEstimates.censored(key)) - censored) < 1e-12)
            #expect(abs(try value(CountingEstimates.contribution(key)) - contribution) < 1e-12)
        }
        #expect(abs(try value(CountingEstimates.lagging("a")) - 0.6) < 1e-12)
        // At k = 1/3 r4 is identified too: H = 3/5, M0 = (2/3 + 1 + 1/3)/5 = 2/5.
        #expect(abs(try value(CountingEstimates.atK(CountingEstimates.headcount, 1.0 / 3)) - 0.6) < 1e-12)
        #expect(abs(try value(CountingEstimates.atK(CountingEstimates.adjustedHeadcount, 1.0 / 3)) - 0.4) < 1e-12)
        // A's SE, with replacement, rows as units: z = w(c(k) − A·1{id})/Σw·1{id} is −1/12, 0,
        // 1/12, 0, 0 (the row without a profile keeps its place with z = 0), so
        // V = 5/4 · 2/144 = 5/288.
        let a = try #require(estimates.first { $0.indicator == CountingEstimates.intensity })
        #expect(abs(a.standardError / 100 - (5.0 / 288).squareRoot()) < 1e-12)
        #expect(a.n == 4)
    }

    static let run: StudyRun? = {
        guard let study = try? Study.load(from: fixture("demo/study.json")), let instrument = try? study.loadInstrument().instrument else { return nil }
        return try? StudyRun.execute(study: study, instrument: instrument)
    }()

    @Test(arguments: [
        ("af_H", "", 41.4710343952, 1.55258957373, 65),
        ("af_A", "", 64.0943941428, 0.558833300437, 65),
        ("af_M0", "", 26.5806082404, 1.12112548008, 65),
        ("af_lagging.psychosocial", "", 31.6722916007, 1.34453620945, 65),
        ("af_censored.psychosocial", "", 26.7297882247, 1.34942919139, 65),
        ("af_contribution.psychosocial", "", 14.3658908796, 0.290319549294, 65),
        ("af_lagging.economic", "", 48.5921823394, 1.33832079327, 65),
        ("af_censored.economic", "", 33.6033882254, 1.42368457115, 65),
        ("af_contribution.economic", "", 18.0600985079, 0.233494588037, 65),
        ("af_lagging.cultural", "", 33.2549754034, 1.14180563281, 65),
        ("af_censored.cultural", "", 25.9831999232, 1.2166911381, 65),
        ("af_contribution.cultural", "", 13.9646379411, 0.237424642464, 65),
        ("af_lagging.political", "", 33.6241632221, 1.22247562729, 65),
        ("af_censored.political", "", 27.118754402, 1.30197775725, 65),
        ("af_contribution.political", "", 14.5749402598, 0.295525976652, 65),
        ("af_lagging.linguistic", "", 19.2768226952, 0.914342814641, 65),
        ("af_censored.linguistic", "", 17.4600073524, 0.879880150864, 65),
        ("af_contribution.linguistic", "", 9.38385887211, 0.324629305165, 65),
        ("af_lagging.navigational", "", 30.2838599967, 1.22242919261, 65),
        ("af_censored.navigational", "", 25.6908372326, 1.22991887904, 65),
        ("af_contribution.navigational", "", 13.8075079828, 0.2908000444, 65),
        ("af_lagging.migration_intentions", "", 39.3057813355, 1.2408027276, 65),
        ("af_censored.migration_intentions", "", 29.4782823222, 1.27664184901, 65),
        ("af_contribution.migration_intentions", "", 15.8430655567, 0.25999356288, 65),
        ("af_A", "1", 62.6584253043, 0.838014392999, 65),
        ("af_M0", "1", 22.1978176643, 1.22674135025, 65),
        ("af_contribution.economic", "1", 18.3466083188, 0.42534437498, 65),
        ("af_A", "2", 65.1472447231, 0.715150674699, 65),
        ("af_M0", "2", 30.3604853203, 1.33484447391, 65),
        ("af_contribution.economic", "2", 17.8423755106, 0.303919266663, 65),
        ("af_A", "3", 60.6078161186, 3.30337485132, 42),
        ("af_M0", "3", 25.2335274727, 4.93648307283, 42),
        ("af_contribution.economic", "3", 19.2498974508, 1.87803346894, 42),
    ])
    func demoAgreesWithR(indicator: String, sex: String, estimate: Double, se: Double, df: Int) throws {
        let run = try #require(Self.run)
        let e = try #require(run.estimates.first { $0.indicator == indicator && $0.groupKey == (sex.isEmpty ? "" : "sex") && $0.groupValue == sex })
        #expect(relativeError(e.estimate, estimate) < 1e-9)
        #expect(relativeError(e.standardError, se) < 1e-9)
        #expect(e.degreesOfFreedom == df)
    }

    /// M0 = H·A, contributions add up to 100%, and for every group variable the groups'
    /// population shares times their M0 add up to the population's M0.
    @Test func decompositionsAreExact() throws {
        let run = try #require(Self.run)
        func estimate(_ indicator: String, _ group: String = "", _ value: String = "") -> IndexEstimate? {
            run.estimates.first { $0.indicator == indicator && $0.groupKey == group && $0.groupValue == value }
        }
        let m0 = try #require(estimate(CountingEstimates.adjustedHeadcount))
        let h = try #require(estimate(CountingEstimates.headcount)).estimate
        let a = try #require(estimate(CountingEstimates.intensity)).estimate
        #expect(abs(h * a / 100 - m0.estimate) < 1e-9)
        let dimensions = run.lagging!.dimensionKeys
        let sum = try dimensions.reduce(0.0) { $0 + (try #require(estimate(CountingEstimates.contribution($1)))).estimate }
        #expect(abs(sum - 100) < 1e-9)
        for group in run.groups {
            let parts = run.estimates.filter { $0.indicator == CountingEstimates.adjustedHeadcount && $0.groupKey == group.variable.key }
            #expect(parts.count == group.values.count)
            let total = parts.reduce(0.0) { $0 + $1.weightedN / m0.weightedN * $1.estimate }
            #expect(abs(total - m0.estimate) < 1e-9, "\(group.variable.key)")
        }
    }

    @Test func aCutoffOfAnUnknownDimensionIsAnError() throws {
        var study = try Study.load(from: fixture("demo/study.json"))
        study.counting?.cutoffs = ["economy": 0.4]
        let instrument = try study.loadInstrument().instrument
        #expect(throws: ConfigurationError.self) { try StudyRun.execute(study: study, instrument: instrument) }
        study.counting = nil
        let run = try StudyRun.execute(study: study, instrument: instrument)
        #expect(run.lagging == nil && !run.estimates.contains { $0.indicator.hasPrefix("af_") })
    }
}

/// Cronbach's α against R's svycralpha (`Fixtures/r-survey/apistrat.csv`, stratified with fpc
/// and weights `pw`): `svycralpha(~api00+api99+meals, des)` and, with missing values,
/// `svycralpha(~ell+meals+mobility+acs.k3, des, na.rm = TRUE)` over its 97 complete rows.
@Suite struct ReliabilityTests {
    @Test func alphaEqualsSvycralpha() throws {
        let reader = TableReader(
            idColumn: .lineNumbers, columns: ["pw", "api00", "api99", "meals", "ell", "mobility", "acs.k3"].map { .init(name: $0, roles: [.numeric]) })
        let table = try reader.read(fixture("r-survey/apistrat.csv")).table
        func column(_ name: String) -> [Double] { table.numeric[name]!.values }
        let weights = column("pw")
        let whole = DimensionReliability.alpha(items: [column("api00"), column("api99"), column("meals")], weights: weights)
        #expect(relativeError(try #require(whole.alpha), 0.545203548593425) < 1e-10)
        #expect(whole.n == 200)
        let missing = DimensionReliability.alpha(items: [column("ell"), column("meals"), column("mobility"), column("acs.k3")], weights: weights)
        #expect(relativeError(try #require(missing.alpha), 0.578646609087345) < 1e-10)
        #expect(missing.n == 97)
        #expect(DimensionReliability.alpha(items: [column("ell")], weights: weights).alpha == nil)
    }

    /// R: `cov.wt(d[, c("api00", "meals")], wt = d$pw, cor = TRUE)`, and the same over the
    /// 97 rows with both ell and acs.k3.
    @Test func correlationsEqualCovWt() throws {
        let reader = TableReader(idColumn: .lineNumbers, columns: ["pw", "api00", "meals", "ell", "acs.k3"].map { .init(name: $0, roles: [.numeric]) })
        let table = try reader.read(fixture("r-survey/apistrat.csv")).table
        let columns = ["api00", "meals", "ell", "acs.k3"].map { table.numeric[$0]!.values }
        let all = DimensionCorrelation.all(keys: ["api00", "meals", "ell", "acs.k3"], scores: columns, weights: table.numeric["pw"]!.values)
        #expect(all.count == 6)
        let first = try #require(all.first { $0.first == "api00" && $0.second == "meals" })
        #expect(relativeError(try #require(first.correlation), -0.809781898393361) < 1e-10)
        let missing = try #require(all.first { $0.first == "ell" && $0.second == "acs.k3" })
        #expect(relativeError(try #require(missing.correlation), 0.163105020786458) < 1e-10)
        #expect(missing.n == 97)
    }

    @Test func everyDemoDimensionHasAnAlpha() throws {
        let run = try #require(CountingViewTests.run)
        #expect(run.scores.reliability.map(\.dimension) == run.instrument.dimensions.map(\.key))
        for item in run.scores.reliability where item.items > 1 {
            let alpha = try #require(item.alpha, "\(item.dimension)")
            #expect(alpha > -1 && alpha < 1, "\(item.dimension)")
            #expect(item.n > 0 && item.n <= run.ingest.rowsAccepted)
        }
    }
}
