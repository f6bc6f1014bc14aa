import CDeflate
import Dispatch
import Foundation

/// A ZIP package (an .xlsx) made in memory: each part deflated, dated the ZIP epoch, with
/// the headers ZIPFoundation wrote (version 2.0, UTF-8 names, Unix mode 644, no data
/// descriptors), so that a package of small parts is, byte for byte, the file ZIPFoundation
/// made of it (the committed change.xlsx of the demo is).
///
/// A large part (above `singleStreamLimit`) is deflated in pieces of `pieceSize` on all
/// cores, as pigz does: each piece
/// is primed with the 32 KiB before it (what its matches may refer to) and ends on a byte
/// boundary with a sync flush, and the pieces join into one deflate stream that any reader
/// inflates as one. A respondent sheet of 100,000 respondents is 44 MB of XML: deflated in
/// one stream at the default level it took 0.6 s, longer than the rest of the run; in pieces
/// at `largePartLevel`, 0.1 s on two cores. The pieces depend on the part alone, not on the
/// number of cores: the same package on every machine.
public enum ZipPackage {
    /// Parts up to this size are one deflate stream at the default level, as ZIPFoundation
    /// made them (0.1 s at most; the demo's respondent sheet is 1.3 MB).
    static let singleStreamLimit = 8 << 20
    /// The pieces of a larger part.
    static let pieceSize = 1 << 20
    /// zlib's fastest level, for a part in pieces: the 100,000 respondents' sheet deflates
    /// three times as fast as at the default level, and the package is a third larger
    /// (6.3 MB instead of 4.8 MB).
    static let largePartLevel: Int32 = 1
    /// The window a piece may look back into: deflate's 32 KiB.
    static let window = 1 << 15

    public struct PackageError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A part of a package: its path, and its bytes in the blocks they were written in, one
    /// after another. A respondent sheet's rows are written in blocks on all cores; deflated
    /// where they lie, they are never joined into one buffer (44 MB at 100,000 respondents,
    /// copied on one core while the other waited for it).
    public struct Part: Sendable {
        public var path: String
        public var blocks: [[UInt8]]

        public init(path: String, blocks: [[UInt8]]) {
            self.path = path
            self.blocks = blocks
        }

        public init(path: String, data: Data) { self.init(path: path, blocks: [Array(data)]) }

        public var count: Int { blocks.reduce(0) { $0 + $1.count } }
    }

    public static func bytes(of parts: [(path: String, data: Data)]) throws -> [UInt8] {
        try bytes(of: parts.map { Part(path: $0.path, data: $0.data) })
    }

    public static func bytes(of parts: [Part]) throws -> [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        let deflatedParts = try parts.flatMap(\.blocks).withUnsafeBuffers { buffers in
            var first = 0
            return try deflated(parts.map { part in
                defer { first += part.blocks.count }
                return buffers[first..<(first + part.blocks.count)].map(UnsafeRawBufferPointer.init)
            })
        }
        // Room for it all at once: the pieces are copied once, straight into the archive.
        archive.reserveCapacity(deflatedParts.reduce(0) { $0 + $1.count } + parts.reduce(0) { $0 + 2 * $1.path.utf8.count + 128 } + 64)
        for (part, (pieces, compressed, crc)) in zip(parts, deflatedParts) {
            let name = Array(part.path.utf8)
            let size = part.count
            // A workbook is far below the sizes that would need ZIP64.
            guard size < Int(UInt32.max), archive.count + compressed < Int(UInt32.max) else {
                throw PackageError(description: "the package would be larger than 4 GiB")
            }
            let offset = archive.count
            archive.appendLittleEndian(UInt32(0x0403_4B50))
            archive.appendLittleEndian(UInt16(20))  // version needed to extract: 2.0
            appendCommonFields(to: &archive, crc: crc, compressed: compressed, uncompressed: size, name: name)
            archive.appendLittleEndian(UInt16(0))  // extra field length
            archive += name
            for piece in pieces { archive += piece }

            directory.appendLittleEndian(UInt32(0x0201_4B50))
            directory.appendLittleEndian(UInt16(0x0315))  // made by: Unix, version 2.1
            directory.appendLittleEndian(UInt16(20))
            appendCommonFields(to: &directory, crc: crc, compressed: compressed, uncompressed: size, name: name)
            directory.appendLittleEndian(UInt16(0))  // extra field length
            directory.appendLittleEndian(UInt16(0))  // comment length
            directory.appendLittleEndian(UInt16(0))  // disk number
            directory.appendLittleEndian(UInt16(0))  // internal attributes
            directory.appendLittleEndian(UInt32(0o100644) << 16)  // a regular file, rw-r--r--
            directory.appendLittleEndian(UInt32(offset))
            directory += name
        }
        let directoryOffset = archive.count
        archive += directory
        archive.appendLittleEndian(UInt32(0x0605_4B50))
        archive.appendLittleEndian(UInt16(0))  // this disk
        archive.appendLittleEndian(UInt16(0))  // the directory's disk
        archive.appendLittleEndian(UInt16(parts.count))
        archive.appendLittleEndian(UInt16(parts.count))
        archive.appendLittleEndian(UInt32(directory.count))
        archive.appendLittleEndian(UInt32(directoryOffset))
        archive.appendLittleEndian(UInt16(0))  // comment length
        return archive
    }

    /// The fields a local header and its directory entry share, from the flags to the name's
    /// length.
    private static func appendCommonFields(to bytes: inout [UInt8], crc: UInt32, compressed: Int, uncompressed: Int, name: [UInt8]) {
        bytes.appendLittleEndian(UInt16(0x0800))  // names in UTF-8
        bytes.appendLittleEndian(UInt16(8))  // deflate
        bytes.appendLittleEndian(UInt16(0))  // 00:00
        bytes.appendLittleEndian(UInt16(0x21))  // 1980-01-01
        bytes.appendLittleEndian(crc)
        bytes.appendLittleEndian(UInt32(compressed))
        bytes.appendLittleEndian(UInt32(uncompressed))
        bytes.appendLittleEndian(UInt16(name.count))
    }

    /// Every part's raw deflate stream (its pieces' bytes one after another, `count` in all)
    /// and CRC-32 (a part: its blocks, their bytes one after another), the pieces of all the
    /// parts on all cores at once: a large part in pieces, a small one a piece of its own. A
    /// part at a time, a workbook's small sheets were each deflated on one core while the
    /// other waited (20 ms of a run of 100,000 respondents).
    static func deflated(_ parts: [[UnsafeRawBufferPointer]]) throws -> [(pieces: [[UInt8]], count: Int, crc: UInt32)] {
        let runs = parts.map(BlockBytes.init)
        let pieceSizes = runs.map { $0.count <= singleStreamLimit ? max($0.count, 1) : Self.pieceSize }
        let pieceCounts = zip(runs, pieceSizes).map { max(1, ($0.count + $1 - 1) / $1) }
        // (part, piece), the parts in order.
        let tasks = parts.indices.flatMap { part in (0..<pieceCounts[part]).map { (part, $0) } }
        var results = [Result<(bytes: [UInt8], crc: UInt32), Error>](repeating: .success(([], 0)), count: tasks.count)
        results.withUnsafeMutableBufferPointer { results in
            nonisolated(unsafe) let (results, runs) = (results, runs)
            // Each piece writes only its own result.
            DispatchQueue.concurrentPerform(iterations: tasks.count) { task in
                let (p, index) = tasks[task]
                let (part, pieceSize, pieces) = (runs[p], pieceSizes[p], pieceCounts[p])
                let start = index * pieceSize
                let piece = part.segments(start..<min(start + pieceSize, part.count))
                // What the piece's matches may refer to: at most 32 KiB, copied out when it
                // lies across two blocks.
                let primer = part.bytes(max(0, start - window)..<start)
                results[task] = Result {
                    let bytes = try primer.withUnsafeBytes { primer in
                        try deflate(piece, primer: primer, final: index == pieces - 1, level: pieces > 1 ? largePartLevel : Z_DEFAULT_COMPRESSION)
                    }
                    let crc = piece.reduce(uLong(0)) { crc, segment in crc32(crc, segment.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(segment.count)) }
                    return (bytes, UInt32(crc))
                }
            }
        }
        // Each part's pieces in order, and their CRCs combined.
        var first = 0
        return try parts.indices.map { p in
            defer { first += pieceCounts[p] }
            var pieces: [[UInt8]] = []
            var crc: uLong = 0
            for index in 0..<pieceCounts[p] {
                let piece = try results[first + index].get()
                pieces.append(piece.bytes)
                let length = min(pieceSizes[p], runs[p].count - index * pieceSizes[p])
                crc = index == 0 ? uLong(piece.crc) : crc32_combine(crc, uLong(piece.crc), off_t(length))
            }
            return (pieces, pieces.reduce(0) { $0 + $1.count }, UInt32(crc))
        }
    }

    /// Blocks of bytes read as one run of bytes, the first block's first.
    struct BlockBytes {
        let blocks: [UnsafeRawBufferPointer]
        /// Where each block starts in the run.
        let starts: [Int]
        let count: Int

        init(_ blocks: [UnsafeRawBufferPointer]) {
            self.blocks = blocks
            var starts: [Int] = []
            var count = 0
            for block in blocks {
                starts.append(count)
                count += block.count
            }
            self.starts = starts
            self.count = count
        }

        /// The run's bytes `range` where they lie: a slice of each block they cover, in order;
        /// one empty buffer for an empty range.
        func segments(_ range: Range<Int>) -> [UnsafeRawBufferPointer] {
            var segments: [UnsafeRawBufferPointer] = []
            for (block, start) in zip(blocks, starts) where start < range.upperBound && start + block.count > range.lowerBound {
                let lower = max(range.lowerBound, start) - start
                let upper = min(range.upperBound, start + block.count) - start
                segments.append(UnsafeRawBufferPointer(rebasing: block[lower..<upper]))
            }
            return segments.isEmpty ? [UnsafeRawBufferPointer(start: nil, count: 0)] : segments
        }

        /// A copy of the run's bytes `range`.
        func bytes(_ range: Range<Int>) -> [UInt8] { segments(range).flatMap { $0 } }
    }

    /// Raw deflate (no zlib header) of `input` (its segments one after another) at `level`,
    /// with ZIPFoundation's other settings: the stream's end when `final`, else blocks ending
    /// in a sync flush, which the next piece's blocks may follow. `primer`: the bytes before
    /// the input. The segments go in one after another, all but the last with no flush: what
    /// deflate writes depends on the bytes and the flushes alone, not on how they come in.
    static func deflate(_ input: [UnsafeRawBufferPointer], primer: UnsafeRawBufferPointer, final: Bool, level: Int32) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw PackageError(description: "zlib could not start a deflate stream") }
        defer { deflateEnd(&stream) }
        if let start = primer.baseAddress, primer.count > 0 {
            guard deflateSetDictionary(&stream, start.assumingMemoryBound(to: Bytef.self), uInt(primer.count)) == Z_OK else {
                throw PackageError(description: "zlib refused the bytes before a piece")
            }
        }
        // Room for all of it at once, as a rule: deflateBound holds for the end of a stream,
        // and a sync flush adds a few bytes; more rounds otherwise.
        let count = input.reduce(0) { $0 + $1.count }
        var room = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(count))) + 64)
        var output: [UInt8] = []
        for (index, segment) in input.enumerated() {
            stream.next_in = UnsafeMutablePointer(mutating: segment.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(segment.count)
            let last = index == input.count - 1
            while true {
                let (status, produced) = room.withUnsafeMutableBufferPointer { room in
                    stream.next_out = room.baseAddress
                    stream.avail_out = uInt(room.count)
                    let status = CDeflate.deflate(&stream, last ? (final ? Z_FINISH : Z_SYNC_FLUSH) : Z_NO_FLUSH)
                    return (status, room.count - Int(stream.avail_out))
                }
                output += room[0..<produced]
                if !last {
                    // Taken in whole, with room to spare: on to the next segment.
                    if stream.avail_in == 0, stream.avail_out > 0 { break }
                    guard status == Z_OK || status == Z_BUF_ERROR else { throw PackageError(description: "zlib could not deflate a part (status \(status))") }
                    continue
                }
                if final ? status == Z_STREAM_END : (status == Z_OK && stream.avail_out > 0) { return output }
                // Called again after output that filled the room exactly, with nothing left.
                if !final, status == Z_BUF_ERROR, produced == 0, stream.avail_in == 0 { return output }
                guard status == Z_OK || status == Z_BUF_ERROR, produced > 0 else { throw PackageError(description: "zlib could not deflate a part (status \(status))") }
            }
        }
        return output
    }
}

extension [UInt8] {
    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
