import Foundation

/// The rows of a column split into one range per core, for passes whose rows are
/// independent (each core writes only its own rows, so the results are those of one pass in
/// order). A small table is one range: threads would cost more than they save.
enum RowRanges {
    static func perCore(_ rows: Int) -> [Range<Int>] {
        let parts = rows < 20_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let size = (rows + parts - 1) / max(parts, 1)
        return (0..<parts).map { $0 * size..<min(rows, ($0 + 1) * size) }.filter { !$0.isEmpty }
    }

    /// The rows in ranges of `size` (the last one shorter), for work dealt out in blocks.
    static func blocks(_ rows: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: rows, by: size).map { $0..<min(rows, $0 + size) }
    }
}
