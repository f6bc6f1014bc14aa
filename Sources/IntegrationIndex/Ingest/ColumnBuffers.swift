/// A batch's checked cells (`RecordChecker`): one raw buffer per kept column, all the same
/// length, grown together and emptied per batch. The per-cell work of ingest is then a store through a
/// pointer, with no reference counting and no copy-on-write check per cell, which is what
/// appending to an array of arrays costs.
///
/// A class because it owns the buffers it frees.
final class ColumnBuffers {
    private(set) var codes: [UnsafeMutablePointer<Int32>]
    private(set) var numbers: [UnsafeMutablePointer<Double>]
    private(set) var count = 0
    private var capacity: Int

    init(codeColumns: Int, numberColumns: Int, capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        codes = (0..<codeColumns).map { _ in UnsafeMutablePointer<Int32>.allocate(capacity: max(capacity, 16)) }
        numbers = (0..<numberColumns).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: max(capacity, 16)) }
    }

    deinit {
        codes.forEach { $0.deallocate() }
        numbers.forEach { $0.deallocate() }
    }

    /// Empties the buffers, keeping their room (a batch's buffers are refilled per batch).
    func removeAll() { count = 0 }

    /// The row index of a new row, growing every buffer when full.
    func appendRow() -> Int {
        if count == capacity { grow(to: capacity * 2) }
        count += 1
        return count - 1
    }

    private func grow(to newCapacity: Int) {
        codes = codes.map { old in
            let new = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        numbers = numbers.map { old in
            let new = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        capacity = newCapacity
    }
}
