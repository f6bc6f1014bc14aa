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

    /// A column reserved in whole huge pages has room for what was asked, keeps every value
    /// written to it and grows past its room as any array does.
    @Test func aColumnReservedInHugePagesKeepsWhatIsWrittenToIt() {
        for rows in [0, 10, HugePages.smallest / 8 - 1, HugePages.smallest / 8, 1_100_000] {
            var column: [Double] = []
            HugePages.reserve(&column, count: rows)
            #expect(column.capacity >= rows)
            let written = rows + rows / 3 + 1
            for row in 0..<written { column.append(Double(row) * 0.25) }
            #expect(column.count == written)
            #expect(column.indices.allSatisfy { column[$0] == Double($0) * 0.25 }, "\(rows) rows")
        }
        var lines: [Int32] = []
        HugePages.reserve(&lines, count: 2_000_000)
        #expect(lines.capacity >= 2_000_000)
    }
}
