import CVectorSums

extension DomainSums {
    /// How many variables one pass over the rows sums: a vector lane each.
    static let lanes = 4

    /// The sums `add` makes for each of up to `lanes` variables (ratios aside: no
    /// denominators), in one pass over the rows for all of them.
    ///
    /// Why: a row's adds into its cell wait for the previous row's adds into the same cell,
    /// and a partition has few cells (a file sorted by PSU puts row after row in one), so
    /// one variable's pass went at the pace of that wait, a few cycles a row. With the
    /// variables' sums side by side in one vector, one wait serves four of them, and the
    /// row's domain, unit and weight are read once.
    ///
    /// The loop is C's (`integra_domain_sums4`): four doubles are one vector on processors
    /// with AVX2, where Swift's `SIMD4<Double>` is two halves on its baseline target.
    ///
    /// Every lane adds its variable's rows in the order `add` does, so the sums are the same
    /// to the bit: a row missing the variable (NaN) adds +0 to its lane where `add` skips it,
    /// and adding +0 changes no sum (sums start at +0, which an add of +0 or −0 leaves +0; any
    /// other x + 0 is x).
    ///
    /// `unitOfRow` nil: the rows are their own units, summed in one cell per domain.
    static func summing(
        _ variables: [[Double]], weights: [Double], unitOfRow: [Int32]?, domainOfRow: [Int32], domainCount: Int, unitCount: Int
    ) -> [DomainSums] {
        precondition((1...lanes).contains(variables.count), "one to \(lanes) variables a pass")
        let rows = weights.count
        precondition(variables.allSatisfy { $0.count == rows } && domainOfRow.count == rows && (unitOfRow?.count ?? rows) == rows)
        typealias Lanes = SIMD4<Double>
        let units = unitOfRow == nil ? 1 : unitCount
        var weight = [Lanes](repeating: .zero, count: domainCount * units)
        var weightedValue = weight
        var weightedSquare = [Lanes](repeating: .zero, count: domainCount)
        var count = [SIMD4<Int64>](repeating: .zero, count: domainCount)
        // Lanes without a variable repeat the first one; their sums are dropped.
        let columns = (0..<lanes).map { variables[min($0, variables.count - 1)] }
        let noUnits = [Int32](repeating: 0, count: unitOfRow == nil ? 1 : 0)
        var outside = -1
        columns.withUnsafeBuffers { y in
            let lanes = [y[0].baseAddress, y[1].baseAddress, y[2].baseAddress, y[3].baseAddress]
            weights.withUnsafeBufferPointer { w in
                (unitOfRow ?? noUnits).withUnsafeBufferPointer { unit in
                    domainOfRow.withUnsafeBufferPointer { domain in
                        weight.withUnsafeMutableBytes { sumW in
                            weightedValue.withUnsafeMutableBytes { sumWY in
                                weightedSquare.withUnsafeMutableBytes { square in
                                    count.withUnsafeMutableBytes { count in
                                        // Rows that are their own units read unit 0 for every row.
                                        outside = integra_domain_sums4(
                                            lanes, w.baseAddress, unit.baseAddress, unitOfRow == nil ? 0 : 1, domain.baseAddress, rows, domainCount, units,
                                            sumW.baseAddress?.assumingMemoryBound(to: Double.self), sumWY.baseAddress?.assumingMemoryBound(to: Double.self),
                                            square.baseAddress?.assumingMemoryBound(to: Double.self), count.baseAddress?.assumingMemoryBound(to: Int64.self))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // As `add`: only a row that counts needs a domain.
        precondition(outside < 0, "a row's domain is outside its partition")
        return variables.indices.map { lane in
            var sums = DomainSums(domainCount: domainCount, unitCount: units)
            sums.weight = weight.map { $0[lane] }
            sums.weightedValue = weightedValue.map { $0[lane] }
            sums.weightedSquare = weightedSquare.map { $0[lane] }
            sums.count = count.map { Int($0[lane]) }
            return sums
        }
    }
}
