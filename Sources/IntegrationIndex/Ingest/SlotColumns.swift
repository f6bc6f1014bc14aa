/// A checker's cells of one kind (codes or numbers) for the rows of one share, a column per
/// slot: slot s's cell of row r is at `base[s * capacity + r]`. Ingest's checkers write a
/// row's cells straight to their places as the cells are converted, and `RowAccumulator.keep`
/// appends each slot's cells to the file's column in one copy; laid out a row after another,
/// every column had to be gathered cell by cell from rows spread over the checker's memory.
///
/// A row is written at `count`, the first free row, and counted only when all its cells pass
/// (`RecordChecker` counts its rows by `lines`): a row given up half way leaves cells past
/// the count, which the next row overwrites.
///
/// Plain memory behind a pointer the value holds, so a cell is written with no uniqueness or
/// bounds check; `owner` frees it. A checker's columns are written only by the checker on its
/// core; copies made to read them (`keep`) share the memory and never write.
struct SlotColumns<Element: BitwiseCopyable>: @unchecked Sendable {
    private final class Owner {
        let base: UnsafeMutablePointer<Element>
        init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
        deinit { base.deallocate() }
    }

    let slots: Int
    private(set) var capacity: Int
    private(set) var base: UnsafeMutablePointer<Element>
    private var owner: Owner

    init(slots: Int) {
        self.slots = slots
        capacity = 0
        base = UnsafeMutablePointer<Element>.allocate(capacity: 1)
        owner = Owner(base)
    }

    /// Room for at least `rows` rows, the first `count` of each slot kept where they are in
    /// the new layout.
    mutating func reserve(rows: Int, keeping count: Int) {
        guard rows > capacity else { return }
        let newCapacity = max(rows, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: max(1, slots * newCapacity))
        for slot in 0..<slots where count > 0 {
            (newBase + slot * newCapacity).initialize(from: base + slot * capacity, count: count)
        }
        capacity = newCapacity
        base = newBase
        owner = Owner(newBase)
    }

    /// Slot `slot`'s cell of row `row`; the row must be below `capacity` (`reserve` first).
    subscript(slot slot: Int, row row: Int) -> Element {
        get { base[slot * capacity + row] }
        set { base[slot * capacity + row] = newValue }
    }

    /// The first `count` cells of `slot`.
    func column(_ slot: Int, count: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + slot * capacity, count: count)
    }
}
