import CVectorSums

extension DomainSums {
    /// How many variables one pass over the rows sums: a vector lane each, in one vector of
    /// four, two or three (`integra_domain_sums4`, `integra_domain_sums8`, `integra_domain_sums12`).
    static let lanes = 12

    /// The sums `add` makes for each of up to `lanes` variables (ratios aside: no
    /// denominators), in one pass over the rows for all of them.
    ///
    /// Why: a row's adds into its cell wait for the previous row's adds into the same cell,
    /// and a partition has few cells (a file sorted by PSU puts row after row in one), so
    /// one variable's pass went at the pace of that wait, a few cycles a row. With the
    /// variables' sums side by side in vectors, one wait serves four of them, and the row's
    /// domain, unit and weight are read once for up to twelve (a run's seven dimensions,
    /// overall index and headline proportions: one pass per partition, where passes of eight
    /// and of the rest were two).
    ///
    /// The loop is C's (`integra_domain_sums4`, `integra_domain_sums8` for more than four
    /// variables, `integra_domain_sums12` for more than eight): four doubles are one vector on
    /// processors with AVX2, where Swift's `SIMD4<Double>` is two halves on its baseline target.
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
        // A cell's sums of the pass's variables side by side, `width` numbers.
        let width = variables.count <= 4 ? 4 : variables.count <= 8 ? 8 : 12
        let units = unitOfRow == nil ? 1 : unitCount
        // The four sums in one block aligned to a cache line, so that every vector of four
        // lies within one line (a cell's or domain's numbers are 32, 64 or 96 bytes): an
        // array's numbers start 32 bytes past its block, and a row's vector adds then
        // straddled two lines, whose stores the next row's loads of the same cell wait for longer.
        let cellNumbers = domainCount * units * width, domainNumbers = domainCount * width
        let doubles = 2 * cellNumbers + domainNumbers
        let block = UnsafeMutableRawPointer.allocate(byteCount: (doubles + domainNumbers) * 8, alignment: 64)
        defer { block.deallocate() }
        let sums = block.initializeMemory(as: Double.self, repeating: 0, count: doubles)
        let weight = UnsafeMutableBufferPointer(start: sums, count: cellNumbers)
        let weightedValue = UnsafeMutableBufferPointer(start: sums + cellNumbers, count: cellNumbers)
        let weightedSquare = UnsafeMutableBufferPointer(start: sums + 2 * cellNumbers, count: domainNumbers)
        let count = UnsafeMutableBufferPointer(
            start: (block + doubles * 8).initializeMemory(as: Int64.self, repeating: 0, count: domainNumbers), count: domainNumbers)
        // Lanes without a variable repeat the first one; their sums are dropped.
        let columns = (0..<width).map { variables[$0 < variables.count ? $0 : 0] }
        let noUnits = [Int32](repeating: 0, count: unitOfRow == nil ? 1 : 0)
        var outside = -1
        columns.withUnsafeBuffers { y in
            let lanes = y.map(\.baseAddress)
            weights.withUnsafeBufferPointer { w in
                (unitOfRow ?? noUnits).withUnsafeBufferPointer { unit in
                    domainOfRow.withUnsafeBufferPointer { domain in
                        // Rows that are their own units read unit 0 for every row.
                        outside = (width == 4 ? integra_domain_sums4 : width == 8 ? integra_domain_sums8 : integra_domain_sums12)(
                            lanes, w.baseAddress, unit.baseAddress, unitOfRow == nil ? 0 : 1, domain.baseAddress, rows, domainCount, units,
                            weight.baseAddress, weightedValue.baseAddress, weightedSquare.baseAddress, count.baseAddress)
                    }
                }
            }
        }
        // As `add`: only a row that counts needs a domain.
        precondition(outside < 0, "a row's domain is outside its partition")
        return variables.indices.map { lane in
            /// The lane's numbers of `sums`, one per cell.
            /// (A plain loop: a `stride(…).map` of every cell took more than the pass over the
            /// rows for a crossed partition of hundreds of domains.)
            func ofLane<T>(_ sums: UnsafeMutableBufferPointer<T>) -> [T] {
                let cells = sums.count / width
                return [T](unsafeUninitializedCapacity: cells) { column, count in
                    for cell in 0..<cells { column.initializeElement(at: cell, to: sums[cell &* width &+ lane]) }
                    count = cells
                }
            }
            var sums = DomainSums(domainCount: domainCount, unitCount: units)
            sums.weight = ofLane(weight)
            sums.weightedValue = ofLane(weightedValue)
            sums.weightedSquare = ofLane(weightedSquare)
            sums.count = ofLane(count).map(Int.init)
            return sums
        }
    }
}
