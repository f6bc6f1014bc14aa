import Foundation
import Testing
@testable import IntegrationIndex

@Suite struct CSVReaderTests {
    @Test func quotedFieldsKeepSeparatorsQuotesAndNewlines() throws {
        let folder = try temporaryFolder()
        let url = try writeFile("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\"\n1,,3\n", in: folder)
        #expect(try readAll(url) == [["a", "b", "c"], ["x,y", "say \"hi\"", "line1\nline2"], ["1", "", "3"]])
    }

    @Test(arguments: [("\r\n", "CRLF"), ("\n", "LF")])
    func lineEndings(ending: String, name: String) throws {
        let folder = try temporaryFolder()
        let url = try writeFile(["h1;h2", "1;2", "3;4"].joined(separator: ending) + ending, in: folder)
        #expect(try readAll(url) == [["h1", "h2"], ["1", "2"], ["3", "4"]], "\(name)")
    }

    @Test func byteOrderMarkIsSkippedAndSeparatorDetected() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("bom.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("id\tname\n7\tÑandú\n".utf8)).write(to: url)
        let reader = try CSVReader(url: url)
        #expect(reader.dialect.separator == UInt8(ascii: "\t"))
        #expect(reader.dialect.hasByteOrderMark)
        #expect(try readAll(url) == [["id", "name"], ["7", "Ñandú"]])
    }

    @Test(arguments: [",", ";", "\t"])
    func detectsSeparatorOutsideQuotes(separator: String) throws {
        let folder = try temporaryFolder()
        // The header holds the other separators inside quotes; only the real one counts.
        let url = try writeFile("\"a,b;c\"\(separator)x\(separator)y\n1\(separator)2\(separator)3\n", in: folder)
        #expect(try CSVReader(url: url).dialect.separator == UInt8(ascii: Unicode.Scalar(separator)!))
        #expect(try readAll(url)[1] == ["1", "2", "3"])
    }

    @Test func physicalLineNumbersCountEmbeddedNewlinesAndSkipBlankLines() throws {
        let folder = try temporaryFolder()
        let url = try writeFile("h\n\"a\nb\"\n\nc\n", in: folder)
        let reader = try CSVReader(url: url)
        var lines: [Int] = []
        while let info = try reader.next() { lines.append(info.line) }
        #expect(lines == [1, 2, 5])
    }

    @Test func unbalancedQuoteAtEndOfFileIsAnErrorWithItsLine() throws {
        let folder = try temporaryFolder()
        let url = try writeFile("a,b\n1,2\n3,\"open\n", in: folder)
        let error = #expect(throws: IngestError.self) { try readAll(url) }
        #expect(error?.kind == .unbalancedQuote)
        #expect(error?.line == 3)
        #expect(error?.field == 1)
    }

    @Test func lastRecordWithoutLineEndingIsRead() throws {
        let folder = try temporaryFolder()
        let url = try writeFile("a,b\n1,\"2\"", in: folder)
        #expect(try readAll(url) == [["a", "b"], ["1", "2"]])
    }

    @Test func missingFileAndBinaryFileAreDistinctErrors() throws {
        let folder = try temporaryFolder()
        #expect(throws: IngestError.self) { try CSVReader(url: folder.appendingPathComponent("nope.csv")) }
        let binary = folder.appendingPathComponent("book.xlsx")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]).write(to: binary)
        let error = #expect(throws: IngestError.self) { try CSVReader(url: binary) }
        #expect(error?.kind == .notText)
    }

    /// A pipe (a shell's `<(…)`, say) is read in order, as a file is: it has no offsets to
    /// read at, ahead or not.
    @Test func aPipeReadsAsAFileDoes() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("pipe.csv")
        #expect(mkfifo(url.path, 0o600) == 0)
        let rows = [["id", "name"]] + (1...300).map { ["\($0)", String(repeating: "x", count: $0 % 37)] }
        let text = rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        // The writer opens its end once the reader opens its own (opening a pipe waits for both).
        DispatchQueue.global().async {
            guard let handle = FileHandle(forWritingAtPath: url.path) else { return }
            handle.write(Data(text.utf8))
            try? handle.close()
        }
        #expect(try readAll(url, chunkSize: 64) == rows)
    }

    /// Cells written by a well-behaved writer read back unchanged, whatever the chunk size.
    @Test(arguments: [7, 64, 4096])
    func roundTripOfRandomCells(chunkSize: Int) throws {
        var generator = SeededGenerator(seed: UInt64(chunkSize))
        let alphabet = Array("ab ,;\"\n\r\tñ€1.")
        var rows: [[String]] = []
        for _ in 0..<200 {
            rows.append((0..<5).map { _ in
                String((0..<Int(generator.next() % 8)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            })
        }
        rows[0] = ["h1", "h2", "h3", "h4", "h5"]
        var writer = CSVWriter()
        writer.neutralizesFormulas = false
        rows.forEach { writer.writeRow($0) }
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("random.csv")
        try writer.write(to: url)
        // A row of only empty cells is written as ",,,," and stays a record.
        #expect(try readAll(url, chunkSize: chunkSize) == rows)
        // The same with each next chunk read ahead: a record cut by a chunk's end is put before
        // the chunk read, in the room left for it or, when longer, at the buffer's front.
        #expect(try readAll(url, chunkSize: chunkSize, readingAhead: true) == rows)
    }

    /// A record larger than the reader's first buffer (1 MiB) is read whole: the buffer
    /// doubles until it holds it (twice, here), and the rows after it read as before.
    @Test func aRecordLargerThanTheBufferIsReadWhole() throws {
        let long = String(repeating: "0123456789", count: 300_000)
        let url = try writeFile("id,note\n1,\(long)\n2,short\n", in: try temporaryFolder())
        let reader = try CSVReader(url: url)
        _ = try reader.next()
        _ = try reader.next()
        #expect(reader.fields.count == 2)
        #expect(reader.bytes(of: reader.fields[1]).count == long.utf8.count)
        _ = try reader.next()
        #expect(reader.fields.map { reader.string(of: $0) } == ["2", "short"])
        #expect(try reader.next() == nil)
    }
}

