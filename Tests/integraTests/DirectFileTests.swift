import Foundation
import Testing

@testable import integra

/// respondents.csv goes to the disk through `DirectFile`'s block buffers: whatever the sizes
/// of the pieces, the file holds exactly the bytes written, in order, including a last
/// part-block and pieces that straddle the buffers.
@Suite struct DirectFileTests {
    static let block = DirectFile.alignment
    static let buffer = DirectFile.capacity

    @Test(arguments: [
        [],
        [1],
        [block - 1],
        [block],
        [block + 1],
        [buffer],
        [buffer - 1, 2],
        [buffer + 1],
        [3 * block + 17, buffer, 5, buffer - 22, 999_999],
        [2 * buffer + block, 0, 1],
    ])
    func fileHoldsExactlyTheBytesWritten(pieceSizes: [Int]) throws {
        // Directly, and the usual way (a file system that takes no direct writes).
        for direct in [true, false] {
            try write(pieceSizes: pieceSizes, direct: direct)
        }
    }

    private func write(pieceSizes: [Int], direct: Bool) throws {
        let url = try temporaryFolder().appendingPathComponent("respondents.csv")
        var expected: [UInt8] = []
        let file = try DirectFile(path: url.path, direct: direct)
        for (index, size) in pieceSizes.enumerated() {
            // Bytes that differ by position and by piece, so a misplaced block shows.
            let piece = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index &* 7 &+ $0 >> 12) }
            try file.write(piece)
            expected += piece
        }
        try file.finish()
        let written = try [UInt8](Data(contentsOf: url))
        #expect(written.count == expected.count, "direct: \(direct)")
        #expect(written == expected, "direct: \(direct)")
    }

    @Test func streamedOutputFileAppearsOnlyWhenComplete() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("respondents.csv")
        struct Interrupted: Error {}
        #expect(throws: OutputError.self) {
            try OutputFile.write(to: url) { write in
                try write([UInt8](repeating: 65, count: DirectFile.capacity + 5))
                throw Interrupted()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        try OutputFile.write(to: url) { write in try write(Array("id,overall\n".utf8)) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "id,overall\n")
    }
}
