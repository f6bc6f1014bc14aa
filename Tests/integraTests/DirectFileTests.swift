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
        // Direct, then the usual way from the first buffer handed over on (as when the disk
        // is slower than the file is made).
        try write(pieceSizes: pieceSizes, direct: true, patience: 0)
    }

    private func write(pieceSizes: [Int], direct: Bool, patience: Double = DirectFile.defaultPatience) throws {
        let url = try temporaryFolder().appendingPathComponent("respondents.csv")
        var expected: [UInt8] = []
        let file = try DirectFile(path: url.path, direct: direct, patience: patience)
        for (index, size) in pieceSizes.enumerated() {
            // Bytes that differ by position and by piece, so a misplaced block shows.
            let piece = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index &* 7 &+ $0 >> 12) }
            try file.write(piece)
            expected += piece
        }
        // Out of patience at the first buffer handed over: the rest went the usual way.
        if patience == 0, expected.count >= Self.buffer { #expect(!file.direct) }
        try file.finish()
        let written = try [UInt8](Data(contentsOf: url))
        #expect(written.count == expected.count, "direct: \(direct)")
        #expect(Self.firstDifference(written, expected) == nil, "direct: \(direct)")
    }

    /// Pieces made in place (`write(room:_:)`), as respondents.csv's are: in the buffer
    /// when it has the room asked for, else made aside and copied across the buffers' seam;
    /// either way the file holds what each piece wrote, not the room it asked for.
    @Test(arguments: [
        [(room: 1, written: 1)],
        [(room: buffer, written: buffer)],
        [(room: buffer - 10, written: buffer - 20), (room: 100, written: 15), (room: 100, written: 5), (room: 50, written: 50)],
        [(room: 3 * block, written: block + 3), (room: buffer, written: 7), (room: 2 * buffer + 5, written: 2 * buffer + 5), (room: 9, written: 0)],
        Array(repeating: (room: 700_000, written: 250_001), count: 20),
    ])
    func piecesMadeInPlaceAreWrittenInOrder(pieces: [(room: Int, written: Int)]) throws {
        for direct in [true, false] {
            let url = try temporaryFolder().appendingPathComponent("respondents.csv")
            var expected: [UInt8] = []
            let file = try DirectFile(path: url.path, direct: direct)
            for (index, piece) in pieces.enumerated() {
                let bytes = (0..<piece.written).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ index &* 5 &+ $0 >> 11) }
                try file.write(room: piece.room) { at in
                    // The room past what is written is scribbled on: it must not reach the file.
                    at.update(repeating: 0xEE, count: piece.room)
                    bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
                    return bytes.count
                }
                expected += bytes
            }
            try file.finish()
            let written = try [UInt8](Data(contentsOf: url))
            #expect(written.count == expected.count, "direct: \(direct)")
            #expect(Self.firstDifference(written, expected) == nil, "direct: \(direct)")
        }
    }

    /// Where two files' bytes first differ: on a failure, megabytes compared with `==`
    /// would have the test library diff them element by element, for many minutes.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        let common = min(a.count, b.count)
        return (0..<common).first { a[$0] != b[$0] } ?? (a.count == b.count ? nil : common)
    }

    @Test func streamedOutputFileAppearsOnlyWhenComplete() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("respondents.csv")
        struct Interrupted: Error {}
        #expect(throws: OutputError.self) {
            try OutputFile.write(to: url) { file in
                try file.write([UInt8](repeating: 65, count: DirectFile.capacity + 5))
                throw Interrupted()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        try OutputFile.write(to: url) { file in try file.write(Array("id,overall\n".utf8)) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "id,overall\n")
    }
}
