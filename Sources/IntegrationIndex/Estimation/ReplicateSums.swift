/// Weighted sums of one variable for every domain under every replicate weight: θ_r for
/// each domain comes from them.
struct ReplicateSums: Sendable {
    let domainCount: Int
    let replicateCount: Int
    /// Σ w_r·δ and Σ w_r·δ·y per `domain * replicateCount + r`.
    var weight: [Double]
    var weightedValue: [Double]
    /// Σ w_r·δ·x of a ratio's denominator; empty otherwise.
    var weightedDenominator: [Double] = []

    init(domainCount: Int, replicateCount: Int) {
        self.domainCount = domainCount
        self.replicateCount = replicateCount
        weight = [Double](repeating: 0, count: domainCount * replicateCount)
        weightedValue = weight
    }

    mutating func add(values: [Double], denominators: [Double]? = nil, replicates: ReplicateWeights, domainOfRow: [Int32]) {
        if let denominators {
            weightedDenominator = [Double](repeating: 0, count: weight.count)
            for (r, column) in replicates.columns.enumerated() {
                for row in values.indices where !values[row].isNaN {
                    weightedDenominator[Int(domainOfRow[row]) * replicateCount + r] += column[row] * denominators[row]
                }
            }
        }
        for (r, column) in replicates.columns.enumerated() {
            for row in values.indices {
                let value = values[row]
                if value.isNaN { continue }
                let cell = Int(domainOfRow[row]) * replicateCount + r
                weight[cell] += column[row]
                weightedValue[cell] += column[row] * value
            }
        }
    }

    /// θ_r of `statistic` in `domain` for every replicate.
    func estimates(_ statistic: Statistic, domain: Int) -> [Double] {
        (0..<replicateCount).map { r in
            let cell = domain * replicateCount + r
            switch statistic {
            case .total: return weightedValue[cell]
            case .ratio: return weightedValue[cell] / weightedDenominator[cell]
            case .mean, .proportion, .difference: return weightedValue[cell] / weight[cell]
            }
        }
    }
}
