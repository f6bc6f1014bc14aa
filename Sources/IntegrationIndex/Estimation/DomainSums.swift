/// Weighted sums of one variable for every (domain, PSU) cell of one partition: the
/// sufficient statistics of Taylor linearization. Sums over disjoint rows add, so chunks of
/// a file or of the rows can be summed apart and merged.
struct DomainSums: Sendable {
    let domainCount: Int
    let psuCount: Int
    /// Σ w·δ per `domain * psuCount + psu`.
    var weight: [Double]
    /// Σ w·δ·y per `domain * psuCount + psu`.
    var weightedValue: [Double]
    /// Σ w·δ·y² per domain (for the design effect).
    var weightedSquare: [Double]
    /// Σ δ per domain.
    var count: [Int]

    init(domainCount: Int, psuCount: Int) {
        self.domainCount = domainCount
        self.psuCount = psuCount
        weight = [Double](repeating: 0, count: domainCount * psuCount)
        weightedValue = weight
        weightedSquare = [Double](repeating: 0, count: domainCount)
        count = [Int](repeating: 0, count: domainCount)
    }

    mutating func add(rows: Range<Int>, values: [Double], weights: [Double], psuOfRow: [Int32], domainOfRow: [Int32]) {
        let psus = psuCount
        values.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                psuOfRow.withUnsafeBufferPointer { psu in
                    domainOfRow.withUnsafeBufferPointer { domain in
                        weight.withUnsafeMutableBufferPointer { sumW in
                            weightedValue.withUnsafeMutableBufferPointer { sumWY in
                                for row in rows {
                                    let value = y[row]
                                    if value.isNaN { continue }
                                    let d = Int(domain[row])
                                    let cell = d * psus + Int(psu[row])
                                    let wi = w[row]
                                    sumW[cell] += wi
                                    sumWY[cell] += wi * value
                                    weightedSquare[d] += wi * value * value
                                    count[d] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func merge(_ other: DomainSums) {
        for i in weight.indices {
            weight[i] += other.weight[i]
            weightedValue[i] += other.weightedValue[i]
        }
        for d in 0..<domainCount {
            weightedSquare[d] += other.weightedSquare[d]
            count[d] += other.count[d]
        }
    }
}
