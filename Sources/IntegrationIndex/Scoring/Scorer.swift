/// Applies the instrument's scoring rules to ingested rows (`index-method.md`, rules 1–5):
/// item scores, dimension means with `minItems`, and the weighted overall index with
/// `minDimensions`. Works column by column so a million rows need a few arrays, not objects.
public struct Scorer: Sendable {
    public let instrument: Instrument
    public let study: Study

    public init(instrument: Instrument, study: Study) {
        self.instrument = instrument
        self.study = study
    }

    public func score(_ table: SurveyTable) -> RespondentScores {
        let rows = table.rowCount
        var findings: [Finding] = []
        var itemResponse: [RespondentScores.ItemResponse] = []
        var dimensionScores: [[Double]] = []
        var reliability: [DimensionReliability] = []
        // α is weighted by the sampling weights, as R's svycralpha.
        let weights = study.design.weight.flatMap { table.numeric[$0]?.values } ?? [Double](repeating: 1, count: rows)

        // Item score columns are reused from one dimension to the next: fresh ones cost the
        // kernel a page fault per 4 KiB, which at ten million rows was most of scoring.
        var spare: [[Double]] = []
        for dimension in instrument.dimensions {
            // Each item's scores, kept for the dimension's α.
            var itemScores: [[Double]] = []
            var sum = [Double](repeating: 0, count: rows)
            var available = [Int32](repeating: 0, count: rows)
            var excluded = [Int32](repeating: 0, count: rows)
            for item in dimension.items {
                let scorer = ItemScorer(item: item, parameters: study.parameters)
                let skipped = skippedRows(for: item, in: table)
                var response = RespondentScores.ItemResponse(column: item.column, asked: 0, missing: 0)
                var scores: [Double]
                if var reused = spare.popLast() {
                    reused.withUnsafeMutableBufferPointer { $0.update(repeating: .nan) }
                    scores = reused
                } else {
                    scores = [Double](repeating: .nan, count: rows)
                }
                // `value` is only read for rows routing skipped: no text is made per cell.
                func record(_ row: Int, _ score: Double?, value: @autoclosure () -> String?) {
                    if let skipped, skipped[row] {
                        if let value = value(), case .score = scorer.outcome(of: value) {
                            findings.append(Finding(
                                line: Int(table.lines[row]), column: item.column, value: value, rule: .answeredWhenSkipped,
                                message: "answered although routing by \"\(item.routing!.column)\" skips this item; the routing rule applies"))
                        }
                        if let fixed = item.routing!.score {
                            scores[row] = fixed
                            sum[row] += fixed
                            available[row] += 1
                        } else {
                            excluded[row] += 1
                        }
                        return
                    }
                    response.asked += 1
                    if let score {
                        scores[row] = score
                        sum[row] += score
                        available[row] += 1
                    } else {
                        response.missing += 1
                    }
                }
                if item.isNumeric {
                    let values = table.numeric[item.column]!.values
                    for row in 0..<rows {
                        let value = values[row]
                        var score: Double?
                        if let nonAnswer = item.nonAnswers.first(where: { NumberParser.parse($0.code) == value }) {
                            if case .score(let fixed) = nonAnswer.rule { score = fixed }
                        } else if !value.isNaN {
                            score = scorer.binScore(value)
                            if score == nil {
                                findings.append(Finding(
                                    line: Int(table.lines[row]), column: item.column, value: value.formatted, rule: .unknownCode,
                                    message: "\(value.formatted) is outside the item's bins; treated as missing"))
                            }
                        }
                        record(row, score, value: value.isNaN ? nil : value.formatted)
                    }
                } else {
                    let column = table.categorical[item.column]!
                    let outcomes = scorer.outcomes(levels: column.levels)
                    for row in 0..<rows {
                        let code = column.codes[row]
                        var score: Double?
                        if code != CategoricalColumn.missing {
                            switch outcomes[Int(code)] {
                            case .score(let value): score = value
                            case .nonAnswer: break
                            case .unknown:
                                if skipped?[row] != true {
                                    let value = column.levels[Int(code)]
                                    findings.append(Finding(
                                        line: Int(table.lines[row]), column: item.column, value: value, rule: .unknownCode,
                                        message: "\"\(value)\" is not one of the item's codes (\(item.codes.map(\.code).joined(separator: ", "))); treated as missing"))
                                }
                            case .unknownLabel:
                                if skipped?[row] != true {
                                    let value = column.levels[Int(code)]
                                    findings.append(Finding(
                                        line: Int(table.lines[row]), column: item.column, value: value, rule: .unknownLabel,
                                        message: "\"\(value)\" matches no answer label of the item (\(item.codes.map { $0.labels.es }.joined(separator: ", "))); treated as missing"))
                                }
                            }
                        }
                        record(row, score, value: code == CategoricalColumn.missing ? nil : column.levels[Int(code)])
                    }
                }
                itemResponse.append(response)
                itemScores.append(scores)
            }
            let (alpha, complete) = DimensionReliability.alpha(items: itemScores, weights: weights)
            reliability.append(DimensionReliability(dimension: dimension.key, items: dimension.items.count, alpha: alpha, n: complete))
            spare += itemScores
            itemScores = []
            var scores = [Double](repeating: .nan, count: rows)
            let itemCount = Int32(dimension.items.count)
            for row in 0..<rows {
                let applicable = itemCount - excluded[row]
                let needed = min(Int32(dimension.minItems), applicable)
                if applicable > 0 && available[row] >= needed {
                    scores[row] = sum[row] / Double(available[row])
                }
            }
            dimensionScores.append(scores)
        }

        return RespondentScores(
            ids: table.ids, dimensionKeys: instrument.dimensions.map(\.key), dimensions: dimensionScores,
            overall: overallIndex(dimensionScores, rows: rows),
            indicators: study.headlines.map { indicator(for: $0, in: table) },
            itemResponse: itemResponse, findings: findings, reliability: reliability,
            correlations: DimensionCorrelation.all(keys: instrument.dimensions.map(\.key), scores: dimensionScores, weights: weights))
    }

    /// Rule 5: weighted mean of the available in-index dimensions, weights renormalized.
    private func overallIndex(_ dimensionScores: [[Double]], rows: Int) -> [Double] {
        let inIndex = instrument.dimensions.indices.filter { instrument.dimensions[$0].inIndex }
        var overall = [Double](repeating: .nan, count: rows)
        for row in 0..<rows {
            var weighted = 0.0
            var totalWeight = 0.0
            var count = 0
            for d in inIndex {
                let score = dimensionScores[d][row]
                guard !score.isNaN else { continue }
                let weight = instrument.dimensions[d].weight
                weighted += weight * score
                totalWeight += weight
                count += 1
            }
            if count >= instrument.minDimensions { overall[row] = weighted / totalWeight }
        }
        return overall
    }

    /// Rows where routing skipped the item; `nil` when the item has no routing.
    private func skippedRows(for item: Item, in table: SurveyTable) -> [Bool]? {
        guard let routing = item.routing, let column = table.categorical[routing.column] else { return nil }
        // A routing column that is an item may hold choice labels (label exports); any other
        // is compared as labels are, accents and case aside ("SÍ" is "Sí").
        let routingItem = instrument.item(column: routing.column)
        let skippedKeys = Set(routing.skippedWhen.map(\.labelKey))
        let skipLevels = column.levels.map { level in
            let value = routingItem?.code(forValue: level) ?? level
            return routing.skippedWhen.contains(value) || skippedKeys.contains(value.labelKey)
        }
        return column.codes.map { $0 != CategoricalColumn.missing && skipLevels[Int($0)] }
    }

    /// The code a cell stands for: through the item's answer labels, or the labels of a
    /// categorical group on the column (label exports write labels, not codes).
    private func canonicalValue(_ value: String, column: String) -> String {
        if let item = instrument.item(column: column) { return item.code(forValue: value) ?? value }
        for group in study.groups {
            guard case .categorical(column, let listed) = group.kind else { continue }
            if listed.contains(where: { $0.value == value }) { return value }
            let key = value.labelKey
            if let match = listed.first(where: { $0.labels.labelKeys.contains(key) }) { return match.value }
        }
        return value
    }

    /// A headline indicator per row: 1 for a "yes" answer, 0 for another valid answer.
    private func indicator(for headline: Headline, in table: SurveyTable) -> [Double] {
        let column = table.categorical[headline.column]!
        let item = instrument.item(column: headline.column)
        let values: [Double] = column.levels.map { label in
            let level = canonicalValue(label, column: headline.column)
            if headline.yes.contains(level) { return 1 }
            if !headline.of.isEmpty { return headline.of.contains(level) ? 0 : .nan }
            if let item, item.nonAnswers.contains(where: { $0.code == level }) || !item.scale.codesContain(level) { return .nan }
            return 0
        }
        return column.codes.map { $0 == CategoricalColumn.missing ? .nan : values[Int($0)] }
    }
}
