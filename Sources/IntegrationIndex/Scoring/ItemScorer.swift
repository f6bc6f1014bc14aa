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
    }

    /// The outcome of each level of a dictionary-encoded column, computed once per distinct
    /// value rather than once per row.
    func outcomes(levels: [String]) -> [Outcome] {
        levels.map(outcome(of:))
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
    func binScore(_ number: Double) -> Double? {
        guard case .bins(let bounds, let relativeTo, let reversed) = item.scale else { return nil }
        var x = number
        if let relativeTo {
            guard let divisor = parameters[relativeTo], divisor != 0 else { return nil }
            x /= divisor
        }
        guard x >= bounds[0] else { return nil }
        let bin = bounds.lastIndex { x >= $0 }!
        let score = Double(bin) / Double(bounds.count - 1)
        return reversed ? 1 - score : score
    }
}
