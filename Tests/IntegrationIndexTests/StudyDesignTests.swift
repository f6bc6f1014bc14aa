import Foundation
import Testing
@testable import IntegrationIndex

/// The study file accepts every design feature of the engine, and a run uses it.
@Suite struct StudyDesignTests {
    static func study(design: String, data: URL) throws -> Study {
        try Study.parse(Data("""
            {"data": "\(data.path)", "id": "id", "instrument": "\(repositoryRoot.path)/Surveys/ipl-12.json", "design": \(design)}
            """.utf8), url: data.deletingLastPathComponent().appendingPathComponent("study.json"))
    }

    @Test func replicateWeightsInTheStudyReachTheEstimates() throws {
        // The tiny fixture with jackknife replicates that drop one of its four PSUs each.
        let folder = try temporaryFolder()
        let lines = try String(contentsOf: fixture("tiny/responses.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let psuColumn = lines[0].split(separator: ",").firstIndex(of: "psu")!
        let psus = ["A1", "A2", "B1", "B2"]
        var rows = [lines[0] + ",rep1,rep2,rep3,rep4"]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let weight = Double(fields[3])!
            let replicates = psus.map { $0 == String(fields[psuColumn]) ? "0" : (weight * 4 / 3).csvText }
            rows.append(line + "," + replicates.joined(separator: ","))
        }
        let data = try writeFile(rows.joined(separator: "\n") + "\n", in: folder)
        let study = try Self.study(design: #"{"weight": "w", "replicateWeights": "rep", "replicateType": "JK1"}"#, data: data)
        let run = try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument)
        let overall = try #require(run.estimates.first { $0.indicator == "overall" && $0.groupKey.isEmpty })
        #expect(overall.degreesOfFreedom == 3)
        // The same replicates through the engine directly, on the run's own scores.
        let replicates = try ReplicateWeights(
            kind: .jk1, columns: run.ingest.replicateColumns.map { run.ingest.table.numeric[$0]!.values }, names: run.ingest.replicateColumns)
        let design = try SurveyDesign(
            rowCount: run.scores.count, weights: run.ingest.table.numeric["w"]!.values, strata: nil, clusters: [], fpc: [], nest: false,
            lonelyPSU: .fail, replicates: replicates)
        let direct = Estimator(design: design).estimate(
            [AnalysisVariable(name: "overall", statistic: .mean, values: run.scores.overall)], by: [.whole(rows: run.scores.count)])[0]
        #expect(abs(overall.standardError - direct.standardError * 100) < 1e-9)
        #expect(run.ingest.replicateColumns == ["rep1", "rep2", "rep3", "rep4"])
    }

    @Test func multiStageDesignIsRead() throws {
        let folder = try temporaryFolder()
        let study = try Self.study(
            design: #"{"weight": "w", "psu": ["district", "school"], "fpc": ["n_districts", "n_schools"], "lonelyPSU": "adjust"}"#,
            data: folder.appendingPathComponent("data.csv"))
        #expect(study.design.clusters == ["district", "school"])
        #expect(study.design.fpc == ["n_districts", "n_schools"])
        #expect(study.design.lonelyPSU == .adjust)
    }

    @Test(arguments: [
        (#"{"weight": "w", "strata": "s", "replicateWeights": "rep", "replicateType": "JK1"}"#, "replicate weights carry the design"),
        (#"{"weight": "w", "replicateWeights": "rep", "replicateType": "JK2"}"#, "unknown replicate type \"JK2\""),
        (#"{"weight": "w", "psu": "p", "fpc": ["a", "b"]}"#, "one fpc column per sampling stage"),
        (#"{"weight": "w", "lonelyPSU": "sometimes"}"#, "unknown lonely-PSU policy \"sometimes\""),
    ])
    func designErrorsNameTheKey(design: String, message: String) throws {
        let folder = try temporaryFolder()
        let error = #expect(throws: ConfigurationError.self) { try Self.study(design: design, data: folder.appendingPathComponent("data.csv")) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.path.hasPrefix("$.design") == true)
    }
}
