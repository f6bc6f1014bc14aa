/// One item's score on every row, as α reads it (`DimensionReliability`), a block of rows
/// at a time. A coded item (nearly every one) keeps no column of scores: a row's score is
/// its level's score, read from the column's codes, which is the score its scoring added to
/// the dimension (`ItemScorer`); a numeric item's scores are the column its scoring wrote.
///
/// Why: a column of doubles for every item of a dimension was 8 bytes a row per item of
/// memory written in full by the scoring pass and read back by α, and at ten million rows
/// about half a gigabyte touched for the first time, which this machine's memory makes slow;
/// the codes are a byte a row, and are there anyway.
enum ItemScoreSource: Sendable {
    /// `scores[code]` for a row's code, NaN for a blank cell; a row the item's routing
    /// skipped takes `skippedScore` (the routing's score, or NaN when it leaves the
    /// dimension).
    case coded(CodedScores)
    /// A score per row, NaN where there is none.
    case column([Double])

    /// A coded item's scores: its codes and each level's score.
    struct CodedScores: Sendable {
        let codes: CategoricalCodes
        /// By code, then NaN up to a one-byte code's blank (`CategoricalCodes.narrowMissing`):
        /// a one-byte code indexes it as it is, a blank included.
        let scores: [Double]
        let skipped: [Bool]?
        let skippedScore: Double

        init(codes: CategoricalCodes, scores: [Double], skipped: [Bool]?, skippedScore: Double) {
            self.codes = codes
            self.scores = scores + [Double](repeating: .nan, count: max(0, Int(CategoricalCodes.narrowMissing) + 1 - scores.count))
            self.skipped = skipped
            self.skippedScore = skippedScore
        }
    }

    /// Writes the scores of `rows`, in order, at `target` (room for `rows.count`).
    func write(_ rows: Range<Int>, to target: UnsafeMutablePointer<Double>) {
        guard !rows.isEmpty else { return }
        let first = rows.lowerBound
        switch self {
        case .column(let scores):
            scores.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + first, count: rows.count) }
        case .coded(let coded):
            let skippedScore = coded.skippedScore
            // Without routing, no row is skipped: an empty buffer is never read.
            (coded.skipped ?? []).withUnsafeBufferPointer { skipped in
                let routed = coded.skipped != nil
                coded.scores.withUnsafeBufferPointer { scores in
                    coded.codes.withStorage(
                        narrow: { codes in
                            if routed {
                                // A select, not a branch: which rows routing skips is not
                                // predictable.
                                for row in rows { target[row &- first] = skipped[row] ? skippedScore : scores[Int(codes[row])] }
                            } else {
                                for row in rows { target[row &- first] = scores[Int(codes[row])] }
                            }
                        },
                        wide: { codes in
                            for row in rows {
                                let score = codes[row] == CategoricalColumn.missing ? .nan : scores[Int(codes[row])]
                                target[row &- first] = routed && skipped[row] ? skippedScore : score
                            }
                        })
                }
            }
        }
    }
}
