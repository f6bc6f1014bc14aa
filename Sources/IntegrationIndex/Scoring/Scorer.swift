import Dispatch
import Foundation
import Synchronization

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

    /// Scores every row; `groups` are counted in for the item response by group. `weights`
    /// (calibrated ones) replace the study's weight column in α, correlations and mean scores.
    public func score(_ table: SurveyTable, groups: [GroupPartition] = [], weights given: [Double]? = nil) -> RespondentScores {
        let rows = table.rowCount
        var findings: [Finding] = []
        var itemResponse: [RespondentScores.ItemResponse] = []
        var dimensionScores: [[Double]] = []
        // Each dimension's items' scores, for α once every dimension is scored.
        var alphaItems: [(key: String, items: [ItemScoreSource])] = []
        // α is weighted by the sampling weights, as R's svycralpha.
        let weights = given ?? study.design.weight.flatMap { table.numeric[$0]?.values } ?? [Double](repeating: 1, count: rows)

        let ranges = RowRanges.perCore(rows)
        var byGroup: [RespondentScores.ItemGroupResponse] = []
        let cells = GroupCells(groups.map(\.partition), rows: rows)
        // Each row's count of items scored and of items routing excluded, in the dimension
        // being scored: made once and cleared by rule 2 as it reads them (fresh ones for each
        // dimension cost page faults too).
        var available = [Int32](repeating: 0, count: rows)
        var excluded = [Int32](repeating: 0, count: rows)
        for dimension in instrument.dimensions {
            let scorers = dimension.items.map { ItemScorer(item: $0, parameters: study.parameters) }
            let skipped = dimension.items.map { skippedRows(for: $0, in: table) }
            // Each numeric item's scores, kept for α (empty for a coded item, whose scores α
            // reads from its codes: `ItemScoreSource`): set to NaN by each core for its own
            // rows, before it scores them (filled here, a column took one core as long as
            // scoring it takes two).
            var itemScores = dimension.items.map { item in item.isNumeric ? [Double](unsafeUninitializedCapacity: rows) { _, count in count = rows } : [] }
            // The sum of each row's item scores, which rule 2 turns into its dimension score;
            // zeroed by each core for its own rows (its first touch of fresh memory).
            var sum = [Double](unsafeUninitializedCapacity: rows) { _, count in count = rows }
            // Each core scores every item of the dimension over its own rows, then applies rule
            // 2 to them: one hand-over between the cores per dimension, where there was one per
            // item and one more for rule 2, each leaving a core idle while the other finished.
            // tallies[item][range]: added in row order after, so findings keep the file's order.
            let tallies = Mutex([[ItemTally?]](repeating: [ItemTally?](repeating: nil, count: ranges.count), count: scorers.count))
            let itemCount = Int32(dimension.items.count)
            let minItems = Int32(dimension.minItems)
            itemScores.withUnsafeMutableBuffers { columns in
                sum.withUnsafeMutableBufferPointer { sum in
                    available.withUnsafeMutableBufferPointer { available in
                        excluded.withUnsafeMutableBufferPointer { excluded in
                            nonisolated(unsafe) let (columns, sum, available, excluded) = (columns, sum, available, excluded)
                            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                                let range = ranges[index]
                                UnsafeMutableBufferPointer(rebasing: sum[range]).update(repeating: 0)
                                var made: [ItemTally] = []
                                for (item, scorer) in scorers.enumerated() {
                                    let isNumeric = scorer.item.isNumeric
                                    if isNumeric { UnsafeMutableBufferPointer(rebasing: columns[item][range]).update(repeating: .nan) }
                                    let totals = DimensionTotals(scores: isNumeric ? columns[item] : nil, sum: sum, available: available, excluded: excluded)
                                    made.append(scorer.score(rows: range, of: table, skipped: skipped[item], weights: weights, cells: cells, into: totals))
                                }
                                // Rule 2, row by row. The scores take the sums' place: a
                                // column of its own would be fresh memory, a page fault per 4 KiB.
                                for row in range {
                                    let applicable = itemCount - excluded[row]
                                    let needed = min(minItems, applicable)
                                    sum[row] = applicable > 0 && available[row] >= needed ? sum[row] / Double(available[row]) : .nan
                                    available[row] = 0
                                    excluded[row] = 0
                                }
                                tallies.withLock { tallies in
                                    for (item, tally) in made.enumerated() { tallies[item][index] = tally }
                                }
                            }
                        }
                    }
                }
            }
            for (item, parts) in zip(dimension.items, tallies.withLock { $0 }) {
                var tally = ItemTally(cells: cells.count)
                for part in parts { tally.add(part!) }
                findings += tally.findings
                let counts = tally.responseCounts
                itemResponse.append(RespondentScores.ItemResponse(
                    column: item.column, asked: counts.asked, missing: counts.missing, nonAnswers: counts.nonAnswers,
                    meanScore: tally.weight > 0 ? tally.weightedScore / tally.weight : nil))
                byGroup += Self.responseByGroup(item: item.column, tally: tally, cells: cells, groups: groups)
            }
            alphaItems.append((dimension.key, scorers.indices.map { scorers[$0].scoreSource(in: table, skipped: skipped[$0], numericScores: itemScores[$0]) }))
            dimensionScores.append(sum)
        }
        // Let go before the overall index and the indicators are made.
        available = []
        excluded = []

        var scores = RespondentScores(
            ids: table.ids, dimensionKeys: instrument.dimensions.map(\.key), dimensions: dimensionScores,
            overall: overallIndex(dimensionScores, rows: rows),
            indicators: study.headlines.map { indicator(for: $0, in: table) },
            itemResponse: itemResponse, findings: findings, reliability: DimensionReliability.all(alphaItems, weights: weights),
            correlations: DimensionCorrelation.all(keys: instrument.dimensions.map(\.key), scores: dimensionScores, weights: weights))
        scores.itemResponseByGroup = byGroup
        return scores
    }

    /// An item's response in every group, from its counts by group cell.
    private static func responseByGroup(item: String, tally: ItemTally, cells: GroupCells, groups: [GroupPartition]) -> [RespondentScores.ItemGroupResponse] {
        groups.enumerated().flatMap { p, group in
            let counts = cells.sum(tally.byCell, width: ItemOutcome.count, partition: p, domains: group.values.count)
            return group.values.enumerated().map { d, value in
                let response = ItemOutcome.responseCounts { counts[d * ItemOutcome.count + $0.rawValue] }
                return RespondentScores.ItemGroupResponse(
                    column: item, groupKey: group.variable.key, groupValue: value, asked: response.asked, missing: response.missing,
                    nonAnswers: response.nonAnswers)
            }
        }
    }

    /// Rule 5: weighted mean of the available in-index dimensions, weights renormalized.
    private func overallIndex(_ dimensionScores: [[Double]], rows: Int) -> [Double] {
        let included = instrument.dimensions.indices.filter { instrument.dimensions[$0].inIndex }
        let weights = included.map { instrument.dimensions[$0].weight }
        let needed = Int32(instrument.minDimensions)
        // A row range per core, and in a range a block of rows at a time, a dimension at a
        // time: each row still adds its dimensions in order.
        let ranges = RowRanges.perCore(rows)
        return [Double](unsafeUninitializedCapacity: rows) { overall, count in
            nonisolated(unsafe) let overall = overall
            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                let block = 4096
                var weighted = [Double](repeating: 0, count: block)
                var totalWeight = [Double](repeating: 0, count: block)
                var available = [Int32](repeating: 0, count: block)
                for first in stride(from: ranges[index].lowerBound, to: ranges[index].upperBound, by: block) {
                    let size = min(block, ranges[index].upperBound - first)
                    for row in 0..<size {
                        weighted[row] = 0
                        totalWeight[row] = 0
                        available[row] = 0
                    }
                    for (d, weight) in zip(included, weights) {
                        dimensionScores[d].withUnsafeBufferPointer { scores in
                            for row in 0..<size where !scores[first + row].isNaN {
                                weighted[row] += weight * scores[first + row]
                                totalWeight[row] += weight
                                available[row] += 1
                            }
                        }
                    }
                    for row in 0..<size { overall[first + row] = available[row] >= needed ? weighted[row] / totalWeight[row] : .nan }
                }
            }
            count = rows
        }
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
        return column.codes.mapCodes { $0 != CategoricalColumn.missing && skipLevels[Int($0)] }
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
        return column.codes.mapCodes { $0 == CategoricalColumn.missing ? .nan : values[Int($0)] }
    }
}
