/// The counting view's sums over one partition for all its measures, in one pass over the
/// rows, read straight from the lagging profiles: no column of a million values is made per
/// measure, and the rows are read once instead of once per measure (what made the view cost
/// as much as all the rest of a run). Gives for each measure the `DomainSums` that
/// `DomainSums.add` would give its column.
struct CountingSums {
    /// One measure at the k of index `k` in the k list.
    enum Measure: Sendable {
        /// 1 when identified (lagging overall), else 0.
        case identified(k: Int)
        /// c(k): the share lagged when identified, else 0.
        case censoredShare(k: Int)
        /// The ratio c(k) / 1{identified}: A.
        case intensity(k: Int)
        /// 1 when lagging in dimension j.
        case lagging(dimension: Int)
        /// 1 when lagging in dimension j and identified.
        case censored(dimension: Int, k: Int)
        /// The ratio w_j·1{lagging in j, identified} / c(k): j's contribution to M0.
        case contribution(dimension: Int, k: Int)

        var isRatio: Bool {
            switch self {
            case .intensity, .contribution: true
            default: false
            }
        }
    }

    static func sums(
        of measures: [Measure], profiles: LaggingProfiles, kValues: [Double], weights: [Double], unitOfRow: [Int32], domainOfRow: [Int32],
        domainCount: Int, unitCount: Int
    ) -> [DomainSums] {
        let cells = domainCount * unitCount
        // Every measure has a value on the same rows (those with a profile): Σw and n are shared.
        var weight = [Double](repeating: 0, count: cells)
        var count = [Int](repeating: 0, count: domainCount)
        var weightedValue = [Double](repeating: 0, count: measures.count * cells)
        var weightedDenominator = [Double](repeating: 0, count: measures.count * cells)
        var weightedSquare = [Double](repeating: 0, count: measures.count * domainCount)
        var identified = [Bool](repeating: false, count: kValues.count)
        let thresholds = kValues.map { $0 - LaggingProfiles.tolerance }
        let dimensionWeights = profiles.weights
        for row in 0..<weights.count {
            let share = profiles.shares[row]
            if share.isNaN { continue }
            let mask = profiles.lagging[row]
            let d = Int(domainOfRow[row])
            let cell = d * unitCount + Int(unitOfRow[row])
            let w = weights[row]
            weight[cell] += w
            count[d] += 1
            for k in kValues.indices { identified[k] = share >= thresholds[k] }
            for (m, measure) in measures.enumerated() {
                let value: Double
                var denominator = 0.0
                switch measure {
                case .identified(let k): value = identified[k] ? 1 : 0
                case .censoredShare(let k): value = identified[k] ? share : 0
                case .intensity(let k):
                    value = identified[k] ? share : 0
                    denominator = identified[k] ? 1 : 0
                case .lagging(let j): value = mask & (1 << UInt32(j)) != 0 ? 1 : 0
                case .censored(let j, let k): value = identified[k] && mask & (1 << UInt32(j)) != 0 ? 1 : 0
                case .contribution(let j, let k):
                    value = identified[k] && mask & (1 << UInt32(j)) != 0 ? dimensionWeights[j] : 0
                    denominator = identified[k] ? share : 0
                }
                weightedValue[m * cells + cell] += w * value
                weightedDenominator[m * cells + cell] += w * denominator
                weightedSquare[m * domainCount + d] += w * value * value
            }
        }
        return measures.indices.map { m in
            var sums = DomainSums(domainCount: domainCount, unitCount: unitCount)
            sums.weight = weight
            sums.count = count
            sums.weightedValue = Array(weightedValue[m * cells..<(m + 1) * cells])
            sums.weightedSquare = Array(weightedSquare[m * domainCount..<(m + 1) * domainCount])
            if measures[m].isRatio { sums.weightedDenominator = Array(weightedDenominator[m * cells..<(m + 1) * cells]) }
            return sums
        }
    }
}
