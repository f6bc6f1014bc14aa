import Foundation
import PropertyBased
import Testing
@testable import IntegrationIndex

/// The scoring loop for items without routing (flat tables by level) against the general
/// loop, which it replaced for them: given routing that skips no row, the general loop must
/// score, count and report exactly the same, whatever the cells hold.
@Suite struct ItemScorerTests {
    @Test func theUnroutedLoopScoresAsTheGeneralLoop() async throws {
        let instrument = try #require(BuiltInInstrument.named("integration-index-7")).instrument
        let items = instrument.items.filter { !$0.isNumeric }
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededGenerator(seed: UInt64(seed))
            let item = items[Int(random.next() % UInt64(items.count))]
            // Its codes, declared non-answers, an unknown code, a label-like text and blanks.
            let levels = item.codes.map(\.code) + item.nonAnswers.map(\.code) + ["7", "quizás", "Sí"]
            let rows = 1 + Int(random.next() % 400)
            let codes = (0..<rows).map { _ in random.next() % 6 == 0 ? CategoricalColumn.missing : Int32(random.next() % UInt64(levels.count)) }
            var table = SurveyTable()
            table.ids = (0..<rows).map { "r\($0)" }
            table.lines = (0..<rows).map { Int32($0 + 2) }
            table.categorical[item.column] = CategoricalColumn(levels: levels, codes: codes)
            let weights = (0..<rows).map { _ in 0.5 + random.uniform() }
            let cells = GroupCells([], rows: rows)
            let scorer = ItemScorer(item: item, parameters: [:])
            func run(skipped: [Bool]?) -> (ItemTally, [[UInt64]]) {
                var scores = [Double](repeating: .nan, count: rows)
                var sum = [Double](repeating: 0, count: rows)
                var available = [Int32](repeating: 0, count: rows)
                var excluded = [Int32](repeating: 0, count: rows)
                let tally = scores.withUnsafeMutableBufferPointer { scores in
                    sum.withUnsafeMutableBufferPointer { sum in
                        available.withUnsafeMutableBufferPointer { available in
                            excluded.withUnsafeMutableBufferPointer { excluded in
                                let totals = DimensionTotals(scores: scores, sum: sum, available: available, excluded: excluded)
                                return scorer.score(rows: 0..<rows, of: table, skipped: skipped, weights: weights, cells: cells, into: totals)
                            }
                        }
                    }
                }
                return (tally, [scores.map(\.bitPattern), sum.map(\.bitPattern), available.map { UInt64($0) }, excluded.map { UInt64($0) }])
            }
            let (fast, fastTotals) = run(skipped: nil)
            let (general, generalTotals) = run(skipped: [Bool](repeating: false, count: rows))
            #expect(fastTotals == generalTotals, "seed \(seed)")
            #expect(fast.asked == general.asked && fast.missing == general.missing && fast.nonAnswers == general.nonAnswers, "seed \(seed)")
            #expect(fast.weight.bitPattern == general.weight.bitPattern && fast.weightedScore.bitPattern == general.weightedScore.bitPattern, "seed \(seed)")
            #expect(fast.byCell == general.byCell && fast.findings == general.findings, "seed \(seed)")
            // "7" is no code of these items: each such cell is a finding.
            let sevens = codes.filter { $0 == Int32(levels.count - 3) }.count
            #expect(fast.findings.filter { $0.value == "7" }.count == sevens, "seed \(seed): unknown cells must be findings")
        }
    }
}
