import Foundation
import Testing
@testable import IntegrationIndex

/// The tiny fixture (IPL-12, six respondents) scored by hand, item by item.
@Suite struct ScoringTests {
    static func run() throws -> StudyRun {
        let study = try Study.load(from: fixture("tiny/study.json"))
        return try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument)
    }

    @Test func tinyFixtureScoresEqualTheHandComputedOnes() throws {
        let scores = try Self.run().scores
        // Columns: psychological, social, economic, political, linguistic, navigational.
        // A 5-point item scores (code − 1)/4; reversed items (outsider, doctor, job) (5 − code)/4.
        let expected: [String: ([Double?], Double?)] = [
            // All most-integrated answers.
            "T1": ([1, 1, 1, 1, 1, 1], 1),
            // All middle answers.
            "T2": ([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 0.5),
            // outsider 98 and expense 99 are missing; political unanswered; ipl_job 7 is an
            // unknown code (missing + finding). social (0 + 0.25)/2; navigational doctor 2 → 0.75.
            // Overall: 5 of 6 dimensions ≥ minDimensions 5: (1 + .125 + .75 + .5 + .75)/5.
            "T3": ([1, 0.125, 0.75, nil, 0.5, 0.75], 0.625),
            // Two dimensions only: no overall index.
            "T4": ([0.75, 1, nil, nil, nil, nil], nil),
            // All code 1: reversed items score 1.
            "T5": ([0.5, 0, 0, 0, 0, 1], 0.25),
            "T6": ([0.25, 0.5, 0.25, 0.75, 0.75, 0.25], 2.75 / 6),
        ]
        #expect(scores.ids == ["T1", "T2", "T3", "T4", "T5", "T6"])
        for (row, id) in scores.ids.enumerated() {
            let (dimensions, overall) = expected[id]!
            for (d, value) in dimensions.enumerated() {
                let actual = scores.dimensions[d][row]
                if let value { #expect(abs(actual - value) < 1e-12, "\(id) \(scores.dimensionKeys[d])") } else { #expect(actual.isNaN, "\(id) \(scores.dimensionKeys[d])") }
            }
            if let overall { #expect(abs(scores.overall[row] - overall) < 1e-12, "\(id)") } else { #expect(scores.overall[row].isNaN, "\(id)") }
        }
    }

    /// ipl_outsider (reversed, scores (5 − code)/4): T3 answered 98, a declared non-answer;
    /// the other five scored 1, 0.5, 0.75, 1, 0.25 with weights 1, 2, 3, 4, 1, so the mean
    /// score is 8.5/11. ipl_job's 7 is an unknown code: missing, but no non-answer. By sex:
    /// T1 and T3 are men, T2, T4 and T5 women, T6 has no sex (its own group).
    @Test func itemResponseCountsNonAnswersByGroupAndTheMeanScore() throws {
        let scores = try Self.run().scores
        let outsider = try #require(scores.itemResponse.first { $0.column == "ipl_outsider" })
        #expect(outsider.asked == 6 && outsider.missing == 1 && outsider.nonAnswers == 1)
        #expect(abs(try #require(outsider.meanScore) - 8.5 / 11) < 1e-12)
        let job = try #require(scores.itemResponse.first { $0.column == "ipl_job" })
        #expect(job.missing == 2 && job.nonAnswers == 0)
        let bySex = scores.itemResponseByGroup.filter { $0.column == "ipl_outsider" && $0.groupKey == "sex" }
        #expect(bySex.map(\.asked) == [2, 3, 1])
        #expect(bySex.map(\.missing) == [1, 0, 0])
        #expect(bySex.map(\.nonAnswers) == [1, 0, 0])
    }

    /// The groups of every variable add up to the whole, item by item.
    @Test func itemResponseOfTheGroupsAddsUpToTheWhole() throws {
        let study = try Study.load(from: fixture("demo/study.json"))
        let scores = try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument).scores
        #expect(scores.itemResponse.contains { $0.nonAnswers > 0 })
        for item in scores.itemResponse {
            for group in study.groups {
                let parts = scores.itemResponseByGroup.filter { $0.column == item.column && $0.groupKey == group.key }
                #expect(!parts.isEmpty)
                #expect(parts.reduce(0) { $0 + $1.asked } == item.asked)
                #expect(parts.reduce(0) { $0 + $1.missing } == item.missing)
                #expect(parts.reduce(0) { $0 + $1.nonAnswers } == item.nonAnswers)
            }
        }
    }

    /// Rows share a group cell exactly when they share every group; the same whether the
    /// combinations are numbered through a table (few) or a dictionary (many).
    @Test(arguments: [2, 3_000])
    func groupCellsJoinRowsOfTheSameGroups(domains: Int) {
        let rows: [[Int32]] = [[0, 1, 1], [1, 1, 0], [0, 1, 1], [1, 0, 0], [1, 1, 0]]
        let partitions = (0..<3).map { p in
            Partition(key: "p\(p)", domains: Array(repeating: [], count: domains * (p + 1)), domainOfRow: rows.map { $0[p] })
        }
        let cells = GroupCells(partitions, rows: rows.count)
        #expect(cells.count == 3)
        #expect(cells.cellOfRow == [0, 1, 0, 2, 1])
        for (row, tuple) in rows.enumerated() {
            let cell = Int(cells.cellOfRow[row])
            #expect((0..<3).map { cells.domainOfCell[cell * 3 + $0] } == tuple)
        }
    }

    /// On many rows the cells are numbered on all cores, each its own rows: still in order of
    /// first appearance in the file, as one pass numbers them (a row's cell is the number of
    /// distinct group combinations before its own first row), with few combinations (a
    /// table) and many (a dictionary).
    @Test(arguments: [3, 40])
    func groupCellsOnManyRowsAreNumberedInOrderOfFirstAppearance(domains: Int) {
        var random = SeededGenerator(seed: UInt64(domains))
        let rows = 60_007
        // Late rows bring combinations of their own: the second core's range has firsts.
        let tuples: [[Int32]] = (0..<rows).map { row in
            (0..<4).map { p in Int32(random.next() % UInt64(row > rows - 50 ? domains * (p + 2) : domains)) }
        }
        let partitions = (0..<4).map { p in
            Partition(key: "p\(p)", domains: Array(repeating: [], count: domains * (p + 2)), domainOfRow: tuples.map { $0[p] })
        }
        let cells = GroupCells(partitions, rows: rows)
        var cellOfTuple: [[Int32]: Int32] = [:]
        var expected: [Int32] = []
        for tuple in tuples {
            if cellOfTuple[tuple] == nil { cellOfTuple[tuple] = Int32(cellOfTuple.count) }
            expected.append(cellOfTuple[tuple]!)
        }
        #expect(cells.cellOfRow == expected)
        #expect(cells.count == cellOfTuple.count)
        for (tuple, cell) in cellOfTuple {
            #expect((0..<4).map { cells.domainOfCell[Int(cell) * 4 + $0] } == tuple)
        }
    }

    @Test func unknownCodeIsMissingAndAFinding() throws {
        let run = try Self.run()
        #expect(run.findings == [Finding(
            line: 4, column: "ipl_job", value: "7", rule: .unknownCode,
            message: "\"7\" is not one of the item's codes (1, 2, 3, 4, 5); treated as missing")])
    }

    @Test func overallEstimateIsTheHandComputedWeightedMean() throws {
        let run = try Self.run()
        let overall = try #require(run.estimates.first { $0.indicator == "overall" && $0.groupKey.isEmpty })
        // Weights 1, 2, 1, 3, 4, 1; T4 has no overall index:
        // (1·100 + 2·50 + 1·62.5 + 4·25 + 1·45.8333…) / 9.
        #expect(abs(overall.estimate - (100 + 100 + 62.5 + 100 + 275.0 / 6) / 9) < 1e-9)
        #expect(overall.n == 5)
        #expect(overall.weightedN == 9)
    }

    @Test func missingGroupValueFormsANoAnswerGroup() throws {
        let run = try Self.run()
        let sex = try #require(run.groups.first { $0.variable.key == "sex" })
        #expect(sex.values == ["1", "2", ""])
        #expect(sex.labels.last == GroupVariable.noAnswerLabel)
        let noAnswer = try #require(run.estimates.first { $0.indicator == "overall" && $0.groupKey == "sex" && $0.groupValue == "" })
        #expect(noAnswer.n == 1)
        #expect(noAnswer.flag == .suppress)
    }

    @Test func routingGivesAFixedScoreOrExcludesTheItem() throws {
        let folder = try temporaryFolder()
        let instrument = try Instrument.parse(Data("""
            {"name": "r", "index": {"minDimensions": 1}, "dimensions": [{"key": "lang", "labels": "L", "minItems": 2, "items": [
              {"column": "a", "labels": "A", "codes": [{"code": "1", "labels": "x"}, {"code": "2", "labels": "y"}, {"code": "3", "labels": "z"}],
               "routing": {"column": "native", "skippedWhen": "1", "score": 1}},
              {"column": "b", "labels": "B", "codes": [{"code": "1", "labels": "x"}, {"code": "2", "labels": "y"}],
               "routing": {"column": "native", "skippedWhen": "1"}}]}]}
            """.utf8), source: "r.json")
        let data = try writeFile("id,w,native,a,b\n1,1,1,,\n2,1,2,2,2\n3,1,1,3,\n4,1,2,,1\n", in: folder)
        let study = try Study.parse(Data("""
            {"data": "\(data.path)", "id": "id", "instrument": "r.json", "design": {"weight": "w"}}
            """.utf8), url: folder.appendingPathComponent("study.json"))
        let scores = Scorer(instrument: instrument, study: study).score(try SurveyReader(study: study, instrument: instrument).read(data).table)
        // 1: native, a fixed at 1, b excluded → 1 of 1 applicable item needed → 1.
        // 2: (0.5 + 1)/2. 3: native with an answer anyway: routing wins, plus a finding.
        // 4: only b answered, a missing: 1 of 2 items < minItems 2 → missing.
        #expect(scores.dimensions[0][0] == 1)
        #expect(scores.dimensions[0][1] == 0.75)
        #expect(scores.dimensions[0][2] == 1)
        #expect(scores.dimensions[0][3].isNaN)
        #expect(scores.findings.map(\.rule) == [.answeredWhenSkipped])
    }
}
