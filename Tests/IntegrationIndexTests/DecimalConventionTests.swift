import PropertyBased
import Testing

@testable import IntegrationIndex

/// The decimal convention is told from the first rows' number cells: read from the bytes
/// of an ASCII cell, each cell gets the verdict its text gets.
@Suite struct DecimalConventionTests {
    private func verdict(_ text: String) -> DecimalConvention.Style? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalConvention.classify(ascii: $0) }
    }

    @Test func cellsAsTheTextRuleReadsThem() {
        let cases: [(String, DecimalConvention.Style)] = [
            ("12,5", .comma), ("1.234,5", .comma), ("12.5", .point), ("1,234.5", .point), ("1.234", .neither), ("1,234", .neither),
            ("", .neither), ("  ", .neither), ("7", .neither), (" 12,5\t", .comma), ("1,2,3", .neither), ("1.2.3", .neither), (",", .comma), ("12,", .comma),
            ("1.2 3,4", .comma), ("\t1,234 ", .neither),
        ]
        for (text, style) in cases {
            #expect(DecimalConvention.classify(text) == style, "\(text)")
            #expect(verdict(text) == style, "\(text)")
        }
    }

    /// Any cell of these characters gets the same verdict from its bytes as from its text.
    @Test func bytesAndTextAgree() async {
        let character = Gen.element(of: Array(" \t0123456789.,-+eE ")).map { $0! }
        await propertyCheck(count: 3000, input: character.string(of: 0...9)) { text in
            #expect(verdict(text) == DecimalConvention.classify(text), "\(text.debugDescription)")
        }
    }

    /// Anything but printable ASCII and tabs is left to the text rule.
    @Test func otherCellsAreLeftToTheText() {
        for text in ["12,5\u{A0}", "1,5\r", "\u{2009}1.234,5", "dos,5"] {
            let bytes = Array(text.utf8)
            let expected: DecimalConvention.Style? = bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 } ? DecimalConvention.classify(text) : nil
            #expect(verdict(text) == expected, "\(text.debugDescription)")
        }
    }

    /// Told from the rows in the reader's buffer (`detect(reader:…)`), the verdict is the one
    /// a reader of its own gives (`detect(url:…)`), over the same first rows, and the reader
    /// still reads the first row next. With a buffer smaller than the rows looked at, they are
    /// read from the file.
    @Test func fromTheReadersBufferAsFromTheFile() throws {
        let folder = try temporaryFolder()
        let files = [
            // Two rows in point style, three in comma style, four in point style: the verdict
            // changes with the rows looked at (point at 3, comma at 5, point at 2,000).
            "id,a,b\n1,1.5,2\n2,3.25,4\n\n3,\"5,5\",6\n4,\"1,5\",2\n5,\"7,5\",8\n6,9.5,1\n7,2.5,1\n8,3.5,1\n9,4.5,1\n",
            // Comma style, quoted, one cell with an escaped quote.
            "id,a,b\r\n1,\"1,5\",2\r\n2,\"3,25\",\"4\"\"\"\r\n3,\"1.234,5\",6\r\n",
            // A quote the file never closes ends the rows looked at.
            "id,a,b\n1,\"1,5\",2\n2,\"3,5,4\n",
            // Nothing after the header.
            "id,a,b\n",
        ]
        for (number, text) in files.enumerated() {
            let url = try writeFile(text, named: "file\(number).csv", in: folder)
            // The first row after the header, as a reader of its own reads it.
            let plain = try CSVReader(url: url)
            _ = try plain.next()
            let expected = try plain.next().map { _ in plain.fields.map { plain.string(of: $0) } }
            for rows in [1, 3, 5, 2000] {
                let fromFile = try DecimalConvention.detect(url: url, columns: [1, 2], rows: rows)
                for chunkSize in [64, 1 << 16] {
                    let reader = try CSVReader(url: url, chunkSize: chunkSize)
                    _ = try reader.next()
                    #expect(try DecimalConvention.detect(reader: reader, columns: [1, 2], rows: rows) == fromFile, "file \(number), \(rows) rows, chunk \(chunkSize)")
                    let next = try? reader.next()
                    #expect(next.map { _ in reader.fields.map { reader.string(of: $0) } } == expected, "file \(number): the reader moved")
                }
            }
        }
    }

    /// `peek` gives the records the buffer holds whole, blank lines passed over, and says
    /// whether it could give as many as asked.
    @Test func peekingGivesTheBufferedRecordsWithoutReadingThem() throws {
        let url = try writeFile("h\n1,a\n\n2,b\n3,c\n", in: try temporaryFolder())
        let reader = try CSVReader(url: url, chunkSize: 1 << 16)
        _ = try reader.next()
        var seen: [[String]] = []
        let whole = reader.peek(records: 10) { fields, bytes in
            seen.append(fields.map { String(decoding: CSVReader.bytes(of: $0, in: bytes), as: UTF8.self) })
        }
        #expect(whole)
        #expect(seen == [["1", "a"], ["2", "b"], ["3", "c"]])
        #expect(reader.peek(records: 2) { _, _ in })
        _ = try reader.next()
        #expect(reader.fields.map { reader.string(of: $0) } == ["1", "a"])

        // A buffer of 64 bytes holds a few of these rows: the look stops short.
        let long = try writeFile("h\n" + String(repeating: "1234567890,abcdefghij\n", count: 20), named: "long.csv", in: try temporaryFolder())
        let small = try CSVReader(url: long, chunkSize: 64)
        _ = try small.next()
        var count = 0
        #expect(!small.peek(records: 20) { _, _ in count += 1 })
        #expect(count < 20)

        // A buffer that ends exactly where a record ends, with more of the file after it:
        // the header (5 bytes) and one record (59 bytes) fill the 64 bytes read.
        let record = "1," + String(repeating: "x", count: 56) + "\n"
        let exact = try writeFile("id,v\n" + record + "2,y\n3,z\n", named: "exact.csv", in: try temporaryFolder())
        let boundary = try CSVReader(url: exact, chunkSize: 64)
        _ = try boundary.next()
        var given = 0
        #expect(!boundary.peek(records: 3) { _, _ in given += 1 })
        #expect(given == 1)
        #expect(try DecimalConvention.detect(reader: boundary, columns: [1], rows: 3) == DecimalConvention.detect(url: exact, columns: [1], rows: 3))
    }
}

