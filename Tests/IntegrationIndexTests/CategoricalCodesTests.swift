import Foundation
import Testing

@testable import IntegrationIndex

/// Codes are one byte each while a column has at most 255 values and four beyond; either
/// way they read back as the same `Int32` codes.
@Suite struct CategoricalCodesTests {
    @Test func aFewValuesAndBlanksStayNarrow() {
        let codes = CategoricalCodes([0, 2, -1, 254, 1], levelCount: 255)
        #expect(codes.isNarrow)
        #expect(Array(codes) == [0, 2, -1, 254, 1])
        #expect(!CategoricalCodes([0, 255], levelCount: 256).isNarrow)
    }

    /// `mapCodes` is `map` over the codes, narrow or wide, with blanks and for no rows;
    /// `int32Codes` is the codes themselves.
    @Test func mappingCodesIsMappingTheCollection() {
        for (codes, levels) in [([0, 2, -1, 254, 1], 255), ([3, -1, 300, 0], 301), ([], 2)] as [([Int32], Int)] {
            let stored = CategoricalCodes(codes, levelCount: levels)
            #expect(stored.mapCodes { "\($0)" } == codes.map { "\($0)" })
            #expect(stored.mapCodes { $0 < 0 ? Double.nan : Double($0) / 2 }.map(\.bitPattern) == codes.map { ($0 < 0 ? Double.nan : Double($0) / 2).bitPattern })
            #expect(stored.int32Codes == codes)
        }
    }

    @Test func appendingACodeBeyondAByteWidensAndKeepsEarlierCodes() {
        var codes = CategoricalCodes()
        [Int32]([3, -1, 7]).withUnsafeBufferPointer { codes.append(contentsOf: $0) }
        #expect(codes.isNarrow)
        [Int32]([255, -1, 300]).withUnsafeBufferPointer { codes.append(contentsOf: $0) }
        #expect(!codes.isNarrow)
        [Int32]([1]).withUnsafeBufferPointer { codes.append(contentsOf: $0) }
        #expect(Array(codes) == [3, -1, 7, 255, -1, 300, 1])
        #expect(codes == CategoricalCodes([3, -1, 7, 255, -1, 300, 1], levelCount: 301))
    }

    /// A column with 300 values widens while it is read, in whichever batch the 256th value
    /// comes, on one core or on three with tiny buffers.
    @Test func aColumnWithManyValuesReadsBackWhole() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let values = (0..<1200).map { $0 % 7 == 3 ? "" : "v\(($0 * 37) % 300)" }
        let text = "id,cluster,answer\n" + values.enumerated().map { "r\($0.offset),\($0.element),\($0.offset % 3)" }.joined(separator: "\n") + "\n"
        let url = try writeFile(text, in: folder)
        for (cores, chunk) in [(1, 1 << 20), (3, 97)] {
            var reader = TableReader(
                idColumn: .named("id"), columns: [.init(name: "cluster", roles: [.categorical]), .init(name: "answer", roles: [.categorical])])
            reader.parallelism = .init(cores: cores, smallestSplit: 2, smallestShare: 4)
            reader.chunkSize = chunk
            let table = try reader.read(url).table
            let cluster = try #require(table.categorical["cluster"])
            #expect(!cluster.codes.isNarrow && cluster.levels.count == 300)
            #expect((0..<values.count).map { cluster.value(at: $0) ?? "" } == values)
            #expect(try #require(table.categorical["answer"]).codes.isNarrow)
        }
    }
}
