import Foundation

/// How the rows of a rank draw's cells are summed (`RankCellSums`, `RankLaggingCells`): each
/// row into its PSU's column with the design weight, for the PSU bootstrap; or, for replicate
/// weights, into every column with that column's weights (column 0 the full sample's, then one
/// column per replicate), so that a replicate's estimate is read from its own column.
enum RankColumns {
    case psus(psuOfRow: [Int32], count: Int, weights: [Double])
    case weightColumns([[Double]])

    var count: Int {
        switch self {
        case .psus(_, let count, _): count
        case .weightColumns(let columns): columns.count
        }
    }

    /// Calls `body` once per pass over the rows with that pass's weights and each row's
    /// column: `psuOfRow[row]` when given, else `column` for every row.
    func forEachPass(_ body: (_ weights: UnsafeBufferPointer<Double>, _ psuOfRow: UnsafeBufferPointer<Int32>?, _ column: Int) -> Void) {
        switch self {
        case .psus(let psuOfRow, _, let weights):
            weights.withUnsafeBufferPointer { weights in psuOfRow.withUnsafeBufferPointer { body(weights, $0, 0) } }
        case .weightColumns(let columns):
            for (column, weights) in columns.enumerated() { weights.withUnsafeBufferPointer { body($0, nil, column) } }
        }
    }
}

/// The sampling part of a rank draw for a design given as replicate weights: draw b takes
/// replicate 1 + b mod R (the columns of `RankColumns.weightColumns`) and moves the estimate by
/// that replicate's deviation times √(R·scale), θ_b = θ̂ + √(R·scale)·(θ_r − c), c the
/// replicates' mean (or θ̂ with `meanSquaredError`). Over the R replicates the draws' spread,
/// (1/R)·Σ (θ_b − θ̂)², is then the replicate variance scale·Σ (θ_r − c)² of every group,
/// and the groups of one draw move together, as their estimates' covariances say.
struct RankReplicateDraws: Sendable {
    let replicates: Int
    let factor: Double
    let centredOnEstimate: Bool

    init(_ weights: ReplicateWeights) {
        replicates = weights.columns.count
        factor = (Double(weights.columns.count) * weights.scale).squareRoot()
        centredOnEstimate = weights.meanSquaredError
    }

    /// Draw `draw`'s value from the estimate under every column (`nil`: the estimate).
    func value(_ columns: [Double], draw: Int?) -> Double {
        guard let draw else { return columns[0] }
        let centre = centredOnEstimate ? columns[0] : columns[1...].reduce(0, +) / Double(replicates)
        return columns[0] + factor * (columns[1 + draw % replicates] - centre)
    }
}
