import Foundation
import PropertyBased
import Testing
@testable import IntegrationIndex

/// `ItemScorer.score`'s loops (C's for a coded item's one-byte codes and a numeric item's
/// rows, each handing back the rows that are findings; Swift's for four-byte codes) against a model of the scoring rules written row by row, as
/// the general loop they replaced was: with and without routing, a routed-out row scored or
/// left out, declared non-answers scored or missing, unknown codes, numbers outside the bins
/// and blanks, they must score, count and report exactly what the model does, and give α
/// the model's scores (`ItemScoreSource`).
@Suite struct ItemScorerTests {
    /// The model: each row's outcome by the rules (`index-method.md`, rules 1–3).
    /// Its counts of rows asked, missing and declared non-answers are its own, row by row.
    static func model(
        _ scorer: ItemScorer, table: SurveyTable, skipped: [Bool]?, weights: [Double], cells: GroupCells, rows: Int
    ) -> (ItemTally, counts: (asked: Int, missing: Int, nonAnswers: Int), [[UInt64]]) {
        let item = scorer.item
        var tally = ItemTally(cells: cells.count)
        var counts = (asked: 0, missing: 0, nonAnswers: 0)
        var scores = [Double](repeating: .nan, count: rows), sum = [Double](repeating: 0, count: rows)
        var available = [Int32](repeating: 0, count: rows), excluded = [Int32](repeating: 0, count: rows)
        func record(_ row: Int, _ score: Double?, nonAnswer: Bool, value: String?) {
            if let skipped, skipped[row] {
                if let value, case .score = scorer.outcome(of: value) { tally.findings.append(scorer.answeredWhenSkipped(value, line: table.lines[row])) }
                tally.byCell[Int(cells.cellOfRow[row]) * ItemOutcome.count + ItemOutcome.skipped.rawValue] += 1
                if let fixed = item.routing!.score {
                    scores[row] = fixed
                    sum[row] += fixed
                    available[row] += 1
                } else {
                    excluded[row] += 1
                }
                return
            }
            counts.asked += 1
            if nonAnswer { counts.nonAnswers += 1 }
            if let score {
                scores[row] = score
                sum[row] += score
                available[row] += 1
                tally.weight += weights[row]
                tally.weightedScore += weights[row] * score
            } else {
                counts.missing += 1
            }
            let outcome: ItemOutcome = score == nil ? (nonAnswer ? .nonAnswerMissing : .missing) : (nonAnswer ? .nonAnswerScored : .scored)
            tally.byCell[Int(cells.cellOfRow[row]) * ItemOutcome.count + outcome.rawValue] += 1
        }
        if item.isNumeric {
            let values = table.numeric[item.column]!.values
            for row in 0..<rows {
                let value = values[row]
                var score: Double?
                var isNonAnswer = false
                if let nonAnswer = item.nonAnswers.first(where: { NumberParser.parse($0.code) == value }) {
                    isNonAnswer = true
                    if case .score(let fixed) = nonAnswer.rule { score = fixed }
                } else if !value.isNaN {
                    score = scorer.binScore(value)
                    if score == nil { tally.findings.append(scorer.outsideBins(value, line: table.lines[row])) }
                }
                record(row, score, nonAnswer: isNonAnswer, value: value.isNaN ? nil : value.formatted)
            }
        } else {
            let column = table.categorical[item.column]!
            for row in 0..<rows {
                let code = column.codes[row]
                guard code != CategoricalColumn.missing else {
                    record(row, nil, nonAnswer: false, value: nil)
                    continue
                }
                let level = column.levels[Int(code)]
                var score: Double?
                let outcome = scorer.outcome(of: level)
                switch outcome {
                case .score(let value): score = value
                case .nonAnswer: break
                case .unknown, .unknownLabel:
                    if skipped?[row] != true { tally.findings.append(scorer.unknownFinding(level, outcome: outcome, line: table.lines[row])) }
                }
                let declared = item.nonAnswers.contains { $0.code == (item.code(forValue: level) ?? level) }
                record(row, score, nonAnswer: declared, value: level)
            }
        }
        return (tally, counts, [scores.map(\.bitPattern), sum.map(\.bitPattern), available.map { UInt64($0) }, excluded.map { UInt64($0) }])
    }

    @Test func theLoopsScoreAsTheRulesSay() async throws {
        let instrument = try #require(BuiltInInstrument.named("integration-index-7")).instrument
        let parameters = ["median_income": 420_000.0]
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededGenerator(seed: UInt64(seed))
            var item = instrument.items[Int(random.next() % UInt64(instrument.items.count))]
            let rows = 1 + Int(random.next() % 400)
            var table = SurveyTable()
            table.ids = (0..<rows).map { "r\($0)" }
            table.lines = (0..<rows).map { Int32($0 + 2) }
            if item.isNumeric {
                // Numbers in and outside the bins, blanks, and a declared non-answer or two.
                item.nonAnswers = [
                    .init(code: "98", labels: LocalizedText("dk"), rule: .missing), .init(code: "99", labels: LocalizedText("no"), rule: .score(0.25)),
                ]
                let pool: [Double] = [.nan, -5, 0, 1, 2.5, 3, 7, 20, 98, 99, 150_000, 400_000, 900_000]
                table.numeric[item.column] = NumericColumn(values: (0..<rows).map { _ in
                    random.next() % 3 == 0 ? pool[Int(random.next() % UInt64(pool.count))] : random.uniform() * 30
                })
            } else {
                // Its codes, declared non-answers, an unknown code, a label-like text and blanks.
                let levels = item.codes.map(\.code) + item.nonAnswers.map(\.code) + ["7", "quizás", "Sí"]
                let codes = (0..<rows).map { _ in random.next() % 6 == 0 ? CategoricalColumn.missing : Int32(random.next() % UInt64(levels.count)) }
                // Now and then levels no row has, too many for one-byte codes: the column then
                // keeps four-byte codes, which are scored in Swift, the others in C.
                let unused = random.next() % 4 == 0 ? (0..<300).map { "x\($0)" } : []
                table.categorical[item.column] = CategoricalColumn(levels: levels + unused, codes: codes)
                #expect(table.categorical[item.column]!.codes.isNarrow == unused.isEmpty)
            }
            // Routing now and then, its skipped rows scored or left out.
            var skipped: [Bool]?
            if random.next() % 2 == 0 {
                item.routing = Item.Routing(column: "asked", labels: nil, skippedWhen: ["2"], score: random.next() % 2 == 0 ? 0.5 : nil)
                skipped = (0..<rows).map { _ in random.next() % 3 == 0 }
            } else {
                item.routing = nil
            }
            let weights = (0..<rows).map { _ in 0.5 + random.uniform() }
            // One to six group cells, each row in one.
            let domains = 1 + Int(random.next() % 6)
            let partition = Partition(key: "g", domains: (0..<domains).map { ["\($0)"] }, domainOfRow: (0..<rows).map { _ in Int32(random.next() % UInt64(domains)) })
            let cells = GroupCells([partition], rows: rows)
            let scorer = ItemScorer(item: item, parameters: parameters)
            var scores = [Double](repeating: .nan, count: rows), sum = [Double](repeating: 0, count: rows)
            var available = [Int32](repeating: 0, count: rows), excluded = [Int32](repeating: 0, count: rows)
            let tally = scores.withUnsafeMutableBufferPointer { scores in
                sum.withUnsafeMutableBufferPointer { sum in
                    available.withUnsafeMutableBufferPointer { available in
                        excluded.withUnsafeMutableBufferPointer { excluded in
                            // A column of scores for a numeric item only, as `Scorer` gives.
                            let totals = DimensionTotals(scores: item.isNumeric ? scores : nil, sum: sum, available: available, excluded: excluded)
                            return scorer.score(rows: 0..<rows, of: table, skipped: skipped, weights: weights, cells: cells, into: totals)
                        }
                    }
                }
            }
            // The scores as α reads them: a coded item's from its codes.
            var read = [Double](repeating: 0, count: rows)
            read.withUnsafeMutableBufferPointer { scorer.scoreSource(in: table, skipped: skipped, numericScores: scores).write(0..<rows, to: $0.baseAddress!) }
            let totals = [read.map(\.bitPattern), sum.map(\.bitPattern), available.map { UInt64($0) }, excluded.map { UInt64($0) }]
            let (expected, expectedCounts, expectedTotals) = Self.model(scorer, table: table, skipped: skipped, weights: weights, cells: cells, rows: rows)
            #expect(totals == expectedTotals, "seed \(seed) \(item.column)")
            let counts = tally.responseCounts
            #expect(counts.asked == expectedCounts.asked && counts.missing == expectedCounts.missing && counts.nonAnswers == expectedCounts.nonAnswers, "seed \(seed) \(item.column)")
            #expect(tally.weight.bitPattern == expected.weight.bitPattern && tally.weightedScore.bitPattern == expected.weightedScore.bitPattern, "seed \(seed)")
            #expect(tally.byCell == expected.byCell && tally.findings == expected.findings, "seed \(seed) \(item.column)")
        }
    }
}
