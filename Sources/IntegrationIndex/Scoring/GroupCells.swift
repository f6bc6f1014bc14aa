import Dispatch
import Synchronization

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
        guard !partitions.isEmpty else {
            cellOfRow = [Int32](repeating: 0, count: rows)
            domainOfCell = []
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
        // Up to a few million combinations, a table indexed by the number, on all cores;
        // beyond, a dictionary.
        if fits && product <= 1 << 22 {
            (self.cellOfRow, self.domainOfCell) = Self.numbered(partitions, radices: radices, combinations: Int(product), rows: rows)
            return
        }
        var cellOfRow = [Int32](repeating: 0, count: rows)
        var domainOfCell: [Int32] = []
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
            if fits {
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

    /// `init` for combinations few enough to index a table, on all cores: each core numbers
    /// its own rows' combinations (one number per row, in mixed radix) and lists those it
    /// meets first, in order; the lists, taken in range order, give the cells in order of
    /// first appearance in the file, as one pass would; then each core writes its rows'
    /// cells. (In one pass on one core they took 16 ms at a million rows, the other core
    /// idle.) Numbers fit 32 bits: there are at most a few million combinations.
    private static func numbered(_ partitions: [Partition], radices: [UInt64], combinations: Int, rows: Int) -> (cellOfRow: [Int32], domainOfCell: [Int32]) {
        let ranges = RowRanges.perCore(rows)
        // keys[row]: the row's combination; then, in place, its cell.
        var keys = [Int32](unsafeUninitializedCapacity: rows) { _, count in count = rows }
        let firsts = Mutex([[Int]](repeating: [], count: ranges.count))
        keys.withUnsafeMutableBufferPointer { keys in
            nonisolated(unsafe) let keys = keys
            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                let range = ranges[index]
                for row in range { keys[row] = 0 }
                for (p, partition) in partitions.enumerated() {
                    let radix = Int32(radices[p])
                    partition.domainOfRow.withUnsafeBufferPointer { domains in
                        for row in range { keys[row] = keys[row] &* radix &+ domains[row] }
                    }
                }
                var seen = [Bool](repeating: false, count: combinations)
                var first: [Int] = []
                for row in range where !seen[Int(keys[row])] {
                    seen[Int(keys[row])] = true
                    first.append(row)
                }
                firsts.withLock { $0[index] = first }
            }
        }
        var cellOfKey = [Int32](repeating: -1, count: combinations)
        var domainOfCell: [Int32] = []
        var cells: Int32 = 0
        for row in firsts.withLock({ $0 }).joined() where cellOfKey[Int(keys[row])] < 0 {
            cellOfKey[Int(keys[row])] = cells
            cells += 1
            domainOfCell += partitions.map { $0.domainOfRow[row] }
        }
        let cellOf = cellOfKey
        keys.withUnsafeMutableBufferPointer { keys in
            nonisolated(unsafe) let keys = keys
            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                for row in ranges[index] { keys[row] = cellOf[Int(keys[row])] }
            }
        }
        return (keys, domainOfCell)
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
