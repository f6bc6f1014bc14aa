/// Weighted sums of one variable for every domain under every replicate weight: θ_r for
/// each domain comes from them.
struct ReplicateSums: Sendable {
    let domainCount: Int
    let replicateCount: Int
    /// Σ w_r·δ and Σ w_r·δ·y per `domain * replicateCount + r`.
    var weight: [Double]
    var weightedValue: [Double]

    init(domainCount: Int, replicateCount: Int) {
        self.domainCount = domainCount
        self.replicateCount = replicateCount
        weight = [Double](repeating: 0, count: domainCount * replicateCount)
        weightedValue = weight
    }

    mutating func add(values: [Double], replicates: ReplicateWeights, domainOfRow: [Int32]) {
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
            return statistic == .total ? weightedValue[cell] : weightedValue[cell] / weight[cell]
        }
    }
}
