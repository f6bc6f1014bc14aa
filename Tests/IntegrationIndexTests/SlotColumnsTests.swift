import Testing
@testable import IntegrationIndex

/// A checker's columns grow while rows are being written: every row written before the
/// growth must be found at its place after it, in every slot.
@Suite struct SlotColumnsTests {
    @Test func growingKeepsEveryRowOfEverySlot() {
        var columns = SlotColumns<Int32>(slots: 3)
        var rows = 0
        for round in 0..<5 {
            // Room for one more row at a time, and once for many.
            let more = round == 2 ? 100 : 7
            for _ in 0..<more {
                columns.reserve(rows: rows + 1, keeping: rows)
                for slot in 0..<3 { columns.base[slot * columns.capacity + rows] = Int32(slot * 1_000 + rows) }
                rows += 1
            }
        }
        #expect(columns.capacity >= rows)
        for slot in 0..<3 {
            #expect(Array(columns.column(slot, count: rows)) == (0..<rows).map { Int32(slot * 1_000 + $0) })
        }
    }

    @Test func reservingLessThanTheCapacityMovesNothing() {
        var columns = SlotColumns<Double>(slots: 2)
        columns.reserve(rows: 10, keeping: 0)
        let base = columns.base
        columns.reserve(rows: 4, keeping: 3)
        #expect(columns.base == base && columns.capacity == 10)
    }
}
