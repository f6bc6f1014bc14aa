import Testing
@testable import IntegrationIndex

/// Asking for huge pages is advice only: the room advised keeps every value written to it,
/// whatever its size, and small or empty arrays are left alone.
@Suite struct HugePagesTests {
    @Test func anAdvisedColumnKeepsWhatIsWrittenToIt() {
        for rows in [0, 10, HugePages.smallest / 8 - 1, 3_000_000] {
            var column: [Double] = []
            column.reserveCapacity(rows)
            HugePages.advise(&column)
            for row in 0..<rows { column.append(Double(row) * 0.5) }
            #expect(column.count == rows)
            #expect(column.indices.allSatisfy { column[$0] == Double($0) * 0.5 }, "\(rows) rows")
        }
    }
}
