/// The combinations of groups the rows fall in: a row's cell names its group in every group
/// variable at once, so that counting something by every group is one count per row (by
/// cell) and then, for each group, a sum over the few cells it holds, rather than one pass
/// over the rows per group variable.
struct GroupCells: Sendable {
    let cellOfRow: [Int32]
    /// Cell c's domain in partition p is `domainOfCell[c · partitions + p]`.
    let domainOfCell: [Int32]
    let partitions: Int
    var count: Int { partitions == 0 ? 1 : domainOfCell.count / partitions }

    init(_ partitions: [Partition], rows: Int) {
        self.partitions = partitions.count
        var cellOfRow = [Int32](repeating: 0, count: rows)
        var domainOfCell: [Int32] = []
        guard !partitions.isEmpty else {
            self.cellOfRow = cellOfRow
            self.domainOfCell = []
            return
        }
        // The domains of a row as one number in mixed radix, when the product of the
        // partitions' sizes allows; otherwise as an array.
        let radices = partitions.map { UInt64(max($0.domains.count, 1)) }
        let fits = radices.reduce((UInt64(1), true)) { acc, radix in
            let (product, overflow) = acc.0.multipliedReportingOverflow(by: radix)
            return (product, acc.1 && !overflow && product < UInt64(Int64.max))
        }.1
        let product = radices.reduce(UInt64(1)) { $0 &* $1 }
        // Up to a few million combinations, a table indexed by the number; beyond, a dictionary.
        var table = fits && product <= 1 << 22 ? [Int32](repeating: -1, count: Int(product)) : []
        var numbered: [UInt64: Int32] = [:]
        var listed: [[Int32]: Int32] = [:]
        // The numbers column by column: a pass per partition over two flat arrays.
        var keys = [UInt64](repeating: 0, count: fits ? rows : 0)
        if fits {
            for (p, partition) in partitions.enumerated() {
                let radix = radices[p]
                partition.domainOfRow.withUnsafeBufferPointer { domains in
                    keys.withUnsafeMutableBufferPointer { keys in
                        for row in 0..<rows { keys[row] = keys[row] &* radix &+ UInt64(domains[row]) }
                    }
                }
            }
        }
        func domains(of row: Int) -> [Int32] { partitions.map { $0.domainOfRow[row] } }
        for row in 0..<rows {
            let next = Int32(domainOfCell.count / partitions.count)
            let cell: Int32
            if !table.isEmpty {
                let known = table[Int(keys[row])]
                cell = known >= 0 ? known : next
                if known < 0 { table[Int(keys[row])] = next }
            } else if fits {
                cell = numbered[keys[row], default: next]
                if cell == next { numbered[keys[row]] = next }
            } else {
                let tuple = domains(of: row)
                cell = listed[tuple, default: next]
                if cell == next { listed[tuple] = next }
            }
            if cell == next { domainOfCell += domains(of: row) }
            cellOfRow[row] = cell
        }
        self.cellOfRow = cellOfRow
        self.domainOfCell = domainOfCell
    }

    /// Counts by cell summed into counts by domain of partition p: `width` numbers per cell
    /// and per domain.
    func sum(_ byCell: [Int], width: Int, partition p: Int, domains: Int) -> [Int] {
        var byDomain = [Int](repeating: 0, count: domains * width)
        for cell in 0..<count {
            let domain = Int(domainOfCell[cell * partitions + p])
            for k in 0..<width { byDomain[domain * width + k] += byCell[cell * width + k] }
        }
        return byDomain
    }
}
