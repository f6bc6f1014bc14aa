import CVectorSums

/// Turns one item's column into a score per row, following the instrument's rule: ordinal
/// position, explicit score table or bins; non-answers missing unless the item says otherwise.
struct ItemScorer {
    let item: Item
    let parameters: [String: Double]

    /// What a distinct cell value means for this item.
    enum Outcome {
        case score(Double)
        case nonAnswer
        case unknown
        /// A text that looks like a choice label but matches none of the item's.
        case unknownLabel

        /// The score it adds to the dimension: NaN for none.
        var score: Double {
            if case .score(let value) = self { return value }
            return .nan
        }
    }

    /// The outcome of each level of a dictionary-encoded column, computed once per distinct
    /// value rather than once per row.
    func outcomes(levels: [String]) -> [Outcome] {
        levels.map(outcome(of:))
    }

    /// Where α reads the item's scores on every row of `table` (`skipped`: the rows its
    /// routing skipped): a coded item's from its codes, each level's score the one its
    /// scoring adds; `numericScores`, the column a numeric item's scoring wrote.
    func scoreSource(in table: SurveyTable, skipped: [Bool]?, numericScores: [Double]) -> ItemScoreSource {
        guard !item.isNumeric else { return .column(numericScores) }
        let column = table.categorical[item.column]!
        return .coded(.init(codes: column.codes, scores: outcomes(levels: column.levels).map(\.score), skipped: skipped, skippedScore: item.routing?.score ?? .nan))
    }

    /// The outcome of a cell: a code, or a choice label mapped back to its code (label exports).
    func outcome(of cell: String) -> Outcome {
        guard !item.isNumeric else { return codeOutcome(of: cell) }
        if let code = item.code(forValue: cell) { return codeOutcome(of: code) }
        let looksLikeLabel = cell.contains { $0.isLetter } && item.codes.allSatisfy { $0.code.allSatisfy(\.isNumber) }
        return looksLikeLabel ? .unknownLabel : .unknown
    }

    private func codeOutcome(of value: String) -> Outcome {
        if let nonAnswer = item.nonAnswers.first(where: { $0.code == value }) {
            switch nonAnswer.rule {
            case .missing: return .nonAnswer
            case .score(let score): return .score(score)
            }
        }
        switch item.scale {
        case .ordinal(let codes, let reversed):
            guard let position = codes.firstIndex(where: { $0.code == value }) else { return .unknown }
            let score = Double(position) / Double(codes.count - 1)
            return .score(reversed ? 1 - score : score)
        case .scores(let codes, let scores):
            guard let position = codes.firstIndex(where: { $0.code == value }) else { return .unknown }
            return .score(scores[position])
        case .bins:
            guard let number = NumberParser.parse(value) else { return .unknown }
            return binScore(number).map(Outcome.score) ?? .unknown
        }
    }

    /// The score of a number for a bins item; `nil` below the first bound or when the study
    /// lacks the parameter the bins are relative to.
    func binScore(_ number: Double) -> Double? { bins()?.score(number) }

    /// A bins item's rule with the study's parameter looked up once, for a column's rows
    /// (looked up for every row, the parameter's dictionary cost more than the scoring).
    func bins() -> Bins? {
        guard case .bins(let bounds, let relativeTo, let reversed) = item.scale else { return nil }
        var divisor: Double? = 1
        if let relativeTo {
            divisor = parameters[relativeTo].flatMap { $0 == 0 ? nil : $0 }
        }
        return Bins(bounds: bounds, divisor: divisor, reversed: reversed)
    }

    struct Bins {
        let bounds: [Double]
        /// What a number is divided by first: 1, or the study's parameter; `nil` when the
        /// study lacks the parameter or it is 0, and no number scores.
        let divisor: Double?
        let reversed: Bool

        /// The last bin whose lower bound the number reaches, as a share of the bins.
        @inline(__always)
        func score(_ number: Double) -> Double? {
            guard let divisor else { return nil }
            let x = number / divisor
            guard x >= bounds[0] else { return nil }
            var bin = bounds.count - 1
            while !(x >= bounds[bin]) { bin -= 1 }
            let score = Double(bin) / Double(bounds.count - 1)
            return reversed ? 1 - score : score
        }
    }
}

/// A dimension's per-row running totals while its items are scored: each core writes only
/// the rows of its own range, so the buffers are shared without locks.
struct DimensionTotals: @unchecked Sendable {
    /// A numeric item's score per row, NaN where it has none; `nil` for a coded item, whose
    /// scores are read from its codes when they are needed (`ItemScoreSource`).
    var scores: UnsafeMutableBufferPointer<Double>?
    var sum: UnsafeMutableBufferPointer<Double>
    /// Items scored, and items routing excluded from the dimension, per row.
    var available: UnsafeMutableBufferPointer<Int32>
    var excluded: UnsafeMutableBufferPointer<Int32>
}

/// What scoring an item over some rows found, added up over the cores in row order.
struct ItemTally: Sendable {
    /// Σ w and Σ w·score over the rows scored, for the item's weighted mean score.
    var weight = 0.0
    var weightedScore = 0.0
    /// Rows by group cell and `ItemOutcome`: `byCell[cell · ItemOutcome.count + outcome]`.
    var byCell: [Int]
    var findings: [Finding] = []

    init(cells: Int) { byCell = [Int](repeating: 0, count: cells * ItemOutcome.count) }

    /// The rows asked (not routed out), those missing, and the declared non-answers ("don't
    /// know", refused, whether or not the item scores them). Each asked row adds one to
    /// exactly one of its cell's outcomes, so these are sums of the outcomes' counts: no
    /// counters of their own to keep in step with `byCell`, row by row.
    var responseCounts: (asked: Int, missing: Int, nonAnswers: Int) {
        var totals = [Int](repeating: 0, count: ItemOutcome.count)
        byCell.withUnsafeBufferPointer { byCell in
            for start in stride(from: 0, to: byCell.count, by: ItemOutcome.count) {
                for outcome in 0..<ItemOutcome.count { totals[outcome] += byCell[start + outcome] }
            }
        }
        return ItemOutcome.responseCounts { totals[$0.rawValue] }
    }

    mutating func add(_ other: ItemTally) {
        for slot in byCell.indices { byCell[slot] += other.byCell[slot] }
        weight += other.weight
        weightedScore += other.weightedScore
        findings += other.findings
    }
}

/// What a row's answer to an item was, counted by group cell for the response by group.
enum ItemOutcome: Int {
    case skipped, scored, missing, nonAnswerMissing, nonAnswerScored

    static let count = 5

    /// Rows asked (all but the skipped), missing, and declared non-answers, from the rows of
    /// each outcome (`n`): an item's, or a group's.
    static func responseCounts(_ n: (ItemOutcome) -> Int) -> (asked: Int, missing: Int, nonAnswers: Int) {
        (
            asked: n(.scored) + n(.missing) + n(.nonAnswerMissing) + n(.nonAnswerScored), missing: n(.missing) + n(.nonAnswerMissing),
            nonAnswers: n(.nonAnswerMissing) + n(.nonAnswerScored)
        )
    }
}

extension ItemScorer {
    /// Scores `rows` of the item's column into `totals` (`index-method.md`, rules 1–3):
    /// a routed-out row takes the routing's score or leaves the dimension; an answered
    /// routed-out row and a code the item does not know are findings.
    func score(
        rows: Range<Int>, of table: SurveyTable, skipped: [Bool]?, weights: [Double], cells: GroupCells, into totals: DimensionTotals
    ) -> ItemTally {
        var tally = ItemTally(cells: cells.count)
        // Σ w and Σ w·score, the C loops' and the Swift rows' in turn, in row order.
        var itemSums = IntegraItemSums(weight: 0, weightedScore: 0)
        func record(_ row: Int, _ score: Double?, nonAnswer: Bool = false, value: @autoclosure () -> String?) {
            if let skipped, skipped[row] {
                if let value = value(), case .score = outcome(of: value) { tally.findings.append(answeredWhenSkipped(value, line: table.lines[row])) }
                tally.byCell[Int(cells.cellOfRow[row]) * ItemOutcome.count + ItemOutcome.skipped.rawValue] += 1
                if let fixed = item.routing!.score {
                    totals.scores![row] = fixed
                    totals.sum[row] += fixed
                    totals.available[row] += 1
                } else {
                    totals.excluded[row] += 1
                }
                return
            }
            if let score {
                totals.scores![row] = score
                totals.sum[row] += score
                totals.available[row] += 1
                itemSums.weight += weights[row]
                itemSums.weightedScore += weights[row] * score
            }
            let outcome: ItemOutcome = score == nil ? (nonAnswer ? .nonAnswerMissing : .missing) : (nonAnswer ? .nonAnswerScored : .scored)
            tally.byCell[Int(cells.cellOfRow[row]) * ItemOutcome.count + outcome.rawValue] += 1
        }
        if item.isNumeric {
            let values = table.numeric[item.column]!.values
            // Declared non-answers as numbers, read once rather than once per row.
            let nonAnswers: [(value: Double, score: Double?)] = item.nonAnswers.compactMap { nonAnswer in
                guard let value = NumberParser.parse(nonAnswer.code) else { return nil }
                if case .score(let fixed) = nonAnswer.rule { return (value, fixed) }
                return (value, nil)
            }
            let bins = bins()
            let scoreColumn = totals.scores!
            /// Row `row` the long way: a routed-out row with a value, a declared non-answer, a
            /// value outside the bins (a finding), each as `record` takes it.
            func take(_ row: Int) {
                let value = values[row]
                var score: Double?
                var isNonAnswer = false
                if let nonAnswer = nonAnswers.first(where: { $0.value == value }) {
                    score = nonAnswer.score
                    isNonAnswer = true
                } else if !value.isNaN {
                    score = bins?.score(value)
                    if score == nil { tally.findings.append(outsideBins(value, line: table.lines[row])) }
                }
                record(row, score, nonAnswer: isNonAnswer, value: value.isNaN ? nil : value.formatted)
            }
            // The other rows in C (`integra_score_binned`), which hands back each of those.
            let bounds = bins?.bounds ?? [0]
            let divisor = bins?.divisor ?? .nan
            let nonAnswerValues = nonAnswers.map(\.value)
            values.withUnsafeBufferPointer { values in
                (skipped ?? []).withUnsafeBufferPointer { skippedRows in
                    cells.cellOfRow.withUnsafeBufferPointer { cellOfRow in
                        weights.withUnsafeBufferPointer { weights in
                            Self.handingBack(rows, take: take) { row in
                                tally.byCell.withUnsafeMutableBufferPointer { byCell in
                                    byCell.baseAddress!.withMemoryRebound(to: Int64.self, capacity: byCell.count) { byCell in
                                        integra_score_binned(
                                            values.baseAddress, row, rows.upperBound, bounds, bounds.count, divisor, bins?.reversed ?? false,
                                            nonAnswerValues, nonAnswerValues.count, skipped == nil ? nil : skippedRows.baseAddress, item.routing?.score != nil,
                                            item.routing?.score ?? 0, cellOfRow.baseAddress, weights.baseAddress, scoreColumn.baseAddress, totals.sum.baseAddress,
                                            totals.available.baseAddress, totals.excluded.baseAddress, byCell, &itemSums)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } else {
            let column = table.categorical[item.column]!
            let outcomes = outcomes(levels: column.levels)
            // A declared non-answer the item scores (a "don't know" scored lowest) is still one.
            let declared = column.levels.map { level in item.nonAnswers.contains { $0.code == (item.code(forValue: level) ?? level) } }
            scoreCoded(
                rows: rows, of: column, outcomes: outcomes, declared: declared, skipped: skipped, lines: table.lines, weights: weights, cells: cells, into: totals,
                tally: &tally, itemSums: &itemSums)
        }
        (tally.weight, tally.weightedScore) = (itemSums.weight, itemSums.weightedScore)
        return tally
    }
}

extension ItemScorer {
    /// Scores `rows` with `loop`, a C loop that scores from a row on and returns the first row
    /// it leaves (a finding), or the end: each row it leaves is given to `take`, and the loop
    /// goes on from the next.
    fileprivate static func handingBack(_ rows: Range<Int>, take: (_ row: Int) -> Void, loop: (_ from: Int) -> Int) {
        var row = rows.lowerBound
        while row < rows.upperBound {
            row = loop(row)
            guard row < rows.upperBound else { break }
            take(row)
            row += 1
        }
    }

    /// The finding for a number no bin of the item holds.
    func outsideBins(_ value: Double, line: Int32) -> Finding {
        Finding(
            line: Int(line), column: item.column, value: value.formatted, rule: .unknownCode,
            message: "\(value.formatted) is outside the item's bins; treated as missing")
    }

    /// The finding for an answer that scores on a row the item's routing skipped.
    func answeredWhenSkipped(_ value: String, line: Int32) -> Finding {
        Finding(
            line: Int(line), column: item.column, value: value, rule: .answeredWhenSkipped,
            message: "answered although routing by \"\(item.routing!.column)\" skips this item; the routing rule applies")
    }

    /// The finding for a cell the item does not know (`.unknown` or `.unknownLabel`).
    func unknownFinding(_ value: String, outcome: Outcome, line: Int32) -> Finding {
        if case .unknownLabel = outcome {
            return Finding(
                line: Int(line), column: item.column, value: value, rule: .unknownLabel,
                message: "\"\(value)\" matches no answer label of the item (\(item.codes.map { $0.labels.es }.joined(separator: ", "))); treated as missing")
        }
        return Finding(
            line: Int(line), column: item.column, value: value, rule: .unknownCode,
            message: "\"\(value)\" is not one of the item's codes (\(item.codes.map(\.code).joined(separator: ", "))); treated as missing")
    }

    /// `score(rows:…)` for a coded item, nearly every item: what each level means is put in
    /// a flat table once, so a row is a few loads and adds, counted exactly as the numeric
    /// items' loop counts them, findings in row order. A row the item's routing skipped
    /// (`skipped[row]`) takes the routing's score or leaves the dimension; an answer that
    /// scores is then a finding. A column of one-byte codes (nearly all) is scored in C
    /// (`integra_score_coded`), which hands back each row that is a finding to be taken here.
    fileprivate func scoreCoded(
        rows: Range<Int>, of column: CategoricalColumn, outcomes: [Outcome], declared: [Bool], skipped: [Bool]?, lines: [Int32], weights: [Double],
        cells: GroupCells, into totals: DimensionTotals, tally: inout ItemTally, itemSums: inout IntegraItemSums
    ) {
        // By level, in one table: its score (NaN for none), its `ItemOutcome` and whether
        // it is a finding (whether it is a declared non-answer is in the outcome).
        let rules = outcomes.enumerated().map { level, outcome in
            var rule = LevelRule(score: outcome.score, outcome: 0, isFinding: false)
            switch outcome {
            case .score, .nonAnswer: break
            case .unknown, .unknownLabel: rule.isFinding = true
            }
            let outcome: ItemOutcome = rule.score.isNaN ? (declared[level] ? .nonAnswerMissing : .missing) : (declared[level] ? .nonAnswerScored : .scored)
            rule.outcome = outcome.rawValue
            return rule
        }
        var findings: [Finding] = []
        // The row's places as plain pointers, counts stepped with `&+=`: none can overflow
        // (a row adds one to each at most).
        guard !rows.isEmpty, let sums = totals.sum.baseAddress, let available = totals.available.baseAddress,
            let excluded = totals.excluded.baseAddress
        else { return }
        let routingScore = item.routing?.score
        rules.withUnsafeBufferPointer { rules in
            weights.withUnsafeBufferPointer { weights in
                cells.cellOfRow.withUnsafeBufferPointer { cellOfRow in
                    tally.byCell.withUnsafeMutableBufferPointer { byCell in
                        /// Row `row`, whose code is `code` (`CategoricalColumn.missing` for a blank).
                        func take(_ row: Int, _ code: Int32) {
                            let cell = Int(cellOfRow[row]) &* ItemOutcome.count
                            if let skipped, skipped[row] {
                                if code != CategoricalColumn.missing, case .score = outcomes[Int(code)] {
                                    findings.append(answeredWhenSkipped(column.levels[Int(code)], line: lines[row]))
                                }
                                byCell[cell &+ ItemOutcome.skipped.rawValue] &+= 1
                                if let routingScore {
                                    sums[row] += routingScore
                                    available[row] &+= 1
                                } else {
                                    excluded[row] &+= 1
                                }
                                return
                            }
                            guard code != CategoricalColumn.missing else {
                                byCell[cell &+ ItemOutcome.missing.rawValue] &+= 1
                                return
                            }
                            let rule = rules[Int(code)]
                            if rule.isFinding { findings.append(unknownFinding(column.levels[Int(code)], outcome: outcomes[Int(code)], line: lines[row])) }
                            let score = rule.score
                            if !score.isNaN {
                                sums[row] += score
                                available[row] &+= 1
                                itemSums.weight += weights[row]
                                itemSums.weightedScore += weights[row] * score
                            }
                            byCell[cell &+ rule.outcome] &+= 1
                        }
                        column.codes.withStorage(
                            narrow: { codes in
                                // Every byte's rule (255, a blank cell: missing), and which
                                // bytes are findings, for the C loop.
                                var codeRules = [IntegraCodeRule](repeating: IntegraCodeRule(score: .nan, outcome: Int64(ItemOutcome.missing.rawValue)), count: 256)
                                var stops = [Bool](repeating: false, count: 256)
                                for (code, rule) in rules.enumerated() where code < Int(CategoricalCodes.narrowMissing) {
                                    codeRules[code] = IntegraCodeRule(score: rule.score, outcome: Int64(rule.outcome))
                                    stops[code] = rule.isFinding
                                }
                                (skipped ?? []).withUnsafeBufferPointer { skippedRows in
                                    Self.handingBack(rows, take: { take($0, codes[$0] == CategoricalCodes.narrowMissing ? CategoricalColumn.missing : Int32(codes[$0])) }) { row in
                                        byCell.baseAddress!.withMemoryRebound(to: Int64.self, capacity: byCell.count) { byCell in
                                            integra_score_coded(
                                                codes.baseAddress, row, rows.upperBound, codeRules, stops, skipped == nil ? nil : skippedRows.baseAddress,
                                                routingScore != nil, routingScore ?? 0, cellOfRow.baseAddress, weights.baseAddress, sums, available, excluded,
                                                byCell, &itemSums)
                                        }
                                    }
                                }
                            },
                            wide: { codes in
                                for row in rows { take(row, codes[row]) }
                            })
                    }
                }
            }
        }
        tally.findings += findings
    }
}

/// What one level of a coded item's column means, for `scoreCoded`'s rows.
private struct LevelRule {
    var score: Double
    var outcome: Int
    var isFinding: Bool
}
