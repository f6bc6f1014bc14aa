import Foundation
import Testing
import ZIPFoundation

@testable import IntegrationIndex

/// The .xlsx packages integra writes: small parts as ZIPFoundation wrote them, byte for
/// byte; large parts deflated in pieces on all cores, which any ZIP reader inflates to the
/// part, with the part's CRC-32.
@Suite struct ZipPackageTests {
    private func temporaryFile(_ name: String) throws -> URL {
        try temporaryFolder().appendingPathComponent(name)
    }

    /// Text like a sheet's: repeats, with a counter, so that matches reach across pieces.
    private func sheetLike(bytes: Int) -> Data {
        var text: [UInt8] = []
        var row = 0
        var generator = SeededGenerator(seed: 7)
        while text.count < bytes {
            row += 1
            text += "<row r=\"\(row)\"><c r=\"A\(row)\"><v>\(Int(generator.uniform() * 1000) / 10)</v></c></row>".utf8
        }
        return Data(text[0..<bytes])
    }

    /// The bytes ZIPFoundation made of these parts, with the settings integra used with it.
    private func zipFoundationBytes(_ parts: [(path: String, data: Data)]) throws -> Data {
        let url = try temporaryFile("reference.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 315_532_800),
                compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return try Data(contentsOf: url)
    }

    @Test func smallPartsAreTheFileZIPFoundationMade() throws {
        // The dates are the ZIP epoch in local time for ZIPFoundation: UTC here, as in CI.
        try #require(TimeZone.current.secondsFromGMT() == 0, "ZIPFoundation dates entries in local time")
        let parts: [(path: String, data: Data)] = [
            ("[Content_Types].xml", Data("<?xml version=\"1.0\"?><Types/>".utf8)), ("xl/worksheets/sheet1.xml", sheetLike(bytes: 300_000)),
            ("xl/worksheets/sheet2.xml", sheetLike(bytes: ZipPackage.singleStreamLimit)), ("docProps/ñandú.xml", Data("ñ".utf8)),
        ]
        let made = try ZipPackage.bytes(of: parts)
        #expect(Data(made) == (try zipFoundationBytes(parts)))
    }

    @Test(arguments: [ZipPackage.singleStreamLimit + 1, ZipPackage.singleStreamLimit + 3 * ZipPackage.pieceSize + 12_345, 10 * ZipPackage.pieceSize])
    func aLargePartInflatesToItself(size: Int) throws {
        let large = sheetLike(bytes: size)
        let parts: [(path: String, data: Data)] = [("a.xml", Data("<a/>".utf8)), ("big.xml", large), ("empty.xml", Data())]
        let url = try temporaryFile("large.xlsx")
        try Data(try ZipPackage.bytes(of: parts)).write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        for (path, data) in parts {
            let entry = try #require(archive[path])
            var read = Data()
            // ZIPFoundation checks each entry's CRC-32 as it extracts it.
            _ = try archive.extract(entry, skipCRC32: false) { read.append($0) }
            #expect(read == data, "\(path)")
        }
        // Deflated, not stored: the pieces keep the part small.
        #expect(try #require(archive["big.xml"]).compressedSize < Int64(size / 4))
    }

    /// A part given in blocks is the package the same bytes make whole: the pieces and their
    /// primers cross the blocks, empty blocks included, and deflate writes the same stream
    /// whether its input comes at once or block by block.
    @Test(arguments: [300_000, ZipPackage.singleStreamLimit + 3 * ZipPackage.pieceSize + 12_345])
    func aPartInBlocksIsThePartWhole(size: Int) throws {
        let whole = sheetLike(bytes: size)
        var generator = SeededGenerator(seed: 3)
        var blocks: [[UInt8]] = []
        var start = 0
        while start < size {
            // Blocks from a few bytes (a primer across several) to two pieces, some empty.
            let longest = blocks.count % 3 == 1 ? 100 : blocks.count % 2 == 0 ? 40_000 : 2 * ZipPackage.pieceSize
            let length = blocks.count % 7 == 3 ? 0 : min(size - start, 1 + Int(generator.uniform() * Double(longest)))
            blocks.append(Array(whole[start..<(start + length)]))
            start += length
        }
        blocks.append([])
        let inBlocks = try ZipPackage.bytes(of: [ZipPackage.Part(path: "a.xml", blocks: [Array("<a/>".utf8)]), ZipPackage.Part(path: "big.xml", blocks: blocks)])
        let asWhole = try ZipPackage.bytes(of: [("a.xml", Data("<a/>".utf8)), ("big.xml", whole)])
        // Compared apart from the expectation, which would print megabytes when they differ.
        let same = inBlocks == asWhole
        #expect(same, "\(blocks.count) blocks")
    }

    /// The pieces depend on the part alone: the same package every time.
    @Test func theSamePartsMakeTheSameBytes() throws {
        let parts: [(path: String, data: Data)] = [("big.xml", sheetLike(bytes: ZipPackage.singleStreamLimit + 3 * ZipPackage.pieceSize + 1))]
        #expect(try ZipPackage.bytes(of: parts) == (try ZipPackage.bytes(of: parts)))
    }
}
