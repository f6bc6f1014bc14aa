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

    /// Read buffers made in huge pages are zeros of the length asked, with the room asked,
    /// and lengthening one keeps what it holds and adds zeros.
    @Test func zeroedBytesAreZerosAndLengtheningKeepsWhatIsThere() {
        for (count, room) in [(0, 0), (64, 80), (100_000, 0), (4 << 20, 5 << 20), (5 << 20, 0)] {
            var bytes = HugePages.zeroedBytes(count: count, room: room)
            #expect(bytes.count == count)
            #expect(bytes.capacity >= max(count, room))
            #expect(!bytes.contains { $0 != 0 })
            for index in stride(from: 0, to: count, by: 4093) { bytes[index] = UInt8(truncatingIfNeeded: index % 251 + 1) }
            let longer = max(count, room) + 70_001
            HugePages.lengthen(&bytes, to: longer)
            #expect(bytes.count == longer)
            #expect(bytes.indices.allSatisfy { bytes[$0] == ($0 < count && $0 % 4093 == 0 ? UInt8(truncatingIfNeeded: $0 % 251 + 1) : 0) }, "\(count) bytes")
        }
    }
}
