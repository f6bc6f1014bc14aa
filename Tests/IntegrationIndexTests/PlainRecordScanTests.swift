import Foundation
import PropertyBased
import Testing
@testable import IntegrationIndex

/// Ingest's fast path (`RecordChecker.takePlainRecord`) against the general one
/// (`RecordChecker.check` on parsed fields), record by record: whatever the fast path takes
/// it takes with exactly the cells, id, line and extent the general path keeps, and only
/// records the general path accepts without a finding; the rest it hands back with nothing
/// of them kept.
@Suite struct PlainRecordScanTests {
    /// Columns of every role: id, weight, strata, fpc, a number, a code, a column that is both.
    static let header = ["id", "w", "s", "f", "n", "c", "b"]
    static let columns: [(name: String, index: Int, roles: [TableReader.Role])] = [
        ("w", 1, [.weight]), ("s", 2, [.designID]), ("f", 3, [.fpc]), ("n", 4, [.numeric]), ("c", 5, [.categorical]),
        ("b", 6, [.numeric, .categorical]),
    ]
    static let numbers = ["1", "0", "12", "0.5", "-0", "5.", ".5", "007", "12345678901234", " 7 ", "2"]
    // One byte just past the digits and one just before them (":" and "/"), and a letter.
    static let oddNumbers = ["3,25", "-3", "1e3", "+2", "1,5", "1.234,5", "1234567890123456", "", "abc", "-", ".", "1.2.3", ":", "/", "x"]
    static let texts = ["1", "2", "a", "capital", "VEN", "", " x ", "98", "ñ", "\t2"]

    struct Outcome: Equatable {
        var ids: [String], lines: [Int32], raw: [Range<Int>], codes: [Int32], numbers: [UInt64], levels: [[String]]
        var quarantined: Int, findings: Int

        init(_ checker: RecordChecker) {
            ids = checker.ids
            lines = checker.lines
            raw = checker.raw
            // Row after row, slot after slot, as the two paths' rows are compared.
            let rows = 0..<checker.rowCount
            codes = rows.flatMap { row in (0..<checker.codes.slots).map { checker.codes.column($0, count: rows.count)[row] } }
            numbers = rows.flatMap { row in (0..<checker.numbers.slots).map { checker.numbers.column($0, count: rows.count)[row].bitPattern } }
            levels = checker.interners.map(\.levels)
            quarantined = checker.quarantine.count
            findings = checker.findings.count
        }
    }

    /// A record of random cells, some quoted, some with spaces, quotes, line breaks or a field
    /// too many or too few.
    static func record(seed: Int, separator: UInt8) -> [UInt8] {
        var random = SeededGenerator(seed: UInt64(seed))
        func pick(_ values: [String]) -> String { values[Int(random.next() % UInt64(values.count))] }
        func number() -> String { random.next() % 16 == 0 ? pick(oddNumbers) : pick(numbers) }
        var cells = [random.next() % 8 == 0 ? pick(["", " ", "x\"y"]) : pick(["R1", "R2", " R3 "])] + (1...4).map { _ in number() } + [pick(texts), random.next() % 4 == 0 ? pick(texts) : number()]
        if random.next() % 20 == 0 { cells.append("") }
        if random.next() % 20 == 0 { cells.removeLast() }
        let quoted: [[UInt8]] = cells.map { cell in
            var bytes = Array(cell.utf8)
            let mustQuote = bytes.contains(separator)
            switch random.next() % 64 {
            case 0..<8: bytes = [0x22] + bytes + [0x22]
            case 8: bytes = [0x22] + bytes + Array("\"\"q\"".utf8)
            case 9: bytes = [0x22] + bytes + Array("\nz\"".utf8)
            case 10: bytes = [0x22] + bytes + Array("\"z".utf8)
            default: if mustQuote { bytes = [0x22] + bytes + [0x22] }
            }
            return bytes
        }
        return Array(quoted.joined(separator: [separator])) + (random.next() % 3 == 0 ? [0x0D, 0x0A] : [0x0A])
    }

    /// The record read the general way, from a file of the header and it, by a fresh checker.
    static func general(_ record: [UInt8], separator: UInt8, layout: RowAccumulator.Layout, folder: URL, name: String) throws -> RecordChecker {
        let url = folder.appendingPathComponent(name)
        try Data(Array(header.joined(separator: String(UnicodeScalar(separator))).utf8) + [0x0A] + record).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(url: url)
        _ = try reader.next()
        var checker = RecordChecker(layout: layout)
        if let info = try reader.next() {
            reader.fields.withUnsafeBufferPointer { fields in
                reader.withBytes { bytes in checker.check(info, fields: fields, bytes: bytes, encoding: .utf8) }
            }
        }
        return checker
    }

    @Test func theFastPathKeepsWhatTheGeneralPathKeepsAndHandsBackTheRest() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        await propertyCheck(count: 600, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let separator = seed % 2 == 0 ? UInt8(ascii: ",") : UInt8(ascii: ";")
            let decimalComma = seed % 4 == 3
            let layout = RowAccumulator(idIndex: 0, fieldCount: Self.header.count, columns: Self.columns, decimalComma: decimalComma).layout
            let record = Self.record(seed: seed, separator: separator)
            // The record where the general reader has it: after the header line.
            let offset = Self.header.joined(separator: ",").utf8.count + 1
            let bytes = [UInt8](repeating: 0x41, count: offset) + record
            var fast = RecordChecker(layout: layout)
            let next = bytes.withUnsafeBufferPointer { fast.takePlainRecord(in: $0, at: offset, limit: $0.count, line: 2, separator: separator) }
            guard let general = try? Self.general(record, separator: separator, layout: layout, folder: folder, name: "plain-\(seed).csv") else {
                Issue.record("seed \(seed): the record could not be read")
                return
            }
            if let next {
                #expect(next == bytes.count, "seed \(seed): a plain record ends at its line's end")
                #expect(general.quarantine.isEmpty && general.findings.isEmpty, "seed \(seed): taken, but the general path has a finding or quarantines it")
                #expect(Outcome(fast) == Outcome(general), "seed \(seed)")
            } else {
                // Handed back with nothing of it kept. Its interners may have met a value of
                // it (it is checked in one pass): a local code that no kept row uses, so none
                // the file's codes are mapped from (`RowAccumulator.keepCodes`).
                var handedBack = Outcome(fast)
                handedBack.levels = Outcome(RecordChecker(layout: layout)).levels
                #expect(handedBack == Outcome(RecordChecker(layout: layout)), "seed \(seed): handed back, but not untouched")
            }
        }
    }

    /// The generated records are varied enough that both paths are met often: the property
    /// above is not met by handing everything back.
    @Test func generatedRecordsMeetBothPaths() {
        let taken = (0..<400).filter { seed in
            let separator = seed % 2 == 0 ? UInt8(ascii: ",") : UInt8(ascii: ";")
            let layout = RowAccumulator(idIndex: 0, fieldCount: Self.header.count, columns: Self.columns, decimalComma: seed % 4 == 3).layout
            var checker = RecordChecker(layout: layout)
            let record = Self.record(seed: seed, separator: separator)
            return record.withUnsafeBufferPointer { checker.takePlainRecord(in: $0, at: 0, limit: $0.count, line: 2, separator: separator) } != nil
        }.count
        #expect(taken >= 80 && taken <= 320, "\(taken) of 400 taken")
    }

    /// The fast path is taken by the records files are made of (so the property above is not
    /// met by handing everything back), and cells, numbers and codes come out as written.
    @Test(arguments: [
        ("R1,0.77,capital,300,18,VEN,2\n", 0.77, 18.0),
        ("\"R2\";\"1,5\";\"s\";\"0,1\";\"-3\";\"1\";\"2,5\"\r\n", 1.5, -3.0),
        (" R3 , 1 ,s, 2 ,,, \n", 1.0, Double.nan),
    ])
    func plainRecordsTakeTheFastPath(record: String, weight: Double, number: Double) {
        let separator = record.contains(";") ? UInt8(ascii: ";") : UInt8(ascii: ",")
        let layout = RowAccumulator(idIndex: 0, fieldCount: Self.header.count, columns: Self.columns, decimalComma: separator == UInt8(ascii: ";")).layout
        var checker = RecordChecker(layout: layout)
        let bytes = Array(record.utf8)
        let next = bytes.withUnsafeBufferPointer { checker.takePlainRecord(in: $0, at: 0, limit: $0.count, line: 7, separator: separator) }
        #expect(next == bytes.count)
        #expect(checker.ids == [record.hasPrefix(" R3") ? "R3" : record.hasPrefix("\"R2") ? "R2" : "R1"])
        #expect(checker.lines == [7] && checker.rowsRead == 1)
        #expect(checker.numbers.column(0, count: 1)[0] == weight)
        #expect(checker.numbers.column(2, count: 1)[0].bitPattern == number.bitPattern)
    }

    /// Many records through one checker, as a file's share is read: a one-byte cell's code
    /// comes from its column's table once its byte has been seen (the first time from the
    /// interner), and must be the one the general path gives the same records. The test
    /// above checks each record with a fresh checker, whose tables have seen nothing. Cells of
    /// every kind the tables meet: blanks, a lone space or tab (blank once trimmed), a lone
    /// control byte that is no space, bytes seen before and not, in several columns, longer
    /// cells, cells with spaces around them.
    @Test func aRunOfRecordsThroughOneCheckerCodesAsTheGeneralPath() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = ["id", "w", "c1", "c2", "c3", "c4"]
        let columns: [(name: String, index: Int, roles: [TableReader.Role])] = [
            ("w", 1, [.weight]), ("c1", 2, [.categorical]), ("c2", 3, [.categorical]), ("c3", 4, [.categorical]), ("c4", 5, [.categorical]),
        ]
        let cells = ["1", "2", "3", "", "", " ", "\t", "\u{0B}", "a", "VEN", "capital", " 2", "2 ", "98", "ñ", "  "]
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededGenerator(seed: UInt64(seed))
            let records = (0..<40).map { row in
                "R\(row),1," + (0..<4).map { _ in cells[Int(random.next() % UInt64(cells.count))] }.joined(separator: ",") + "\n"
            }
            let headerLine = header.joined(separator: ",") + "\n"
            let bytes = Array((headerLine + records.joined()).utf8)
            let layout = RowAccumulator(idIndex: 0, fieldCount: header.count, columns: columns, decimalComma: false).layout
            var fast = RecordChecker(layout: layout)
            var position = headerLine.utf8.count
            var line = 2
            bytes.withUnsafeBufferPointer { buffer in
                while position < buffer.count {
                    guard let next = fast.takePlainRecord(in: buffer, at: position, limit: buffer.count, line: line, separator: UInt8(ascii: ",")) else {
                        Issue.record("seed \(seed): line \(line) is plain, yet handed back")
                        return
                    }
                    (position, line) = (next, line + 1)
                }
            }
            let url = folder.appendingPathComponent("run-\(seed).csv")
            try? Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            var general = RecordChecker(layout: layout)
            guard let reader = try? CSVReader(url: url), (try? reader.next()) != nil else {
                Issue.record("seed \(seed): the file could not be read")
                return
            }
            while let info = try? reader.next() {
                reader.fields.withUnsafeBufferPointer { fields in
                    reader.withBytes { bytes in general.check(info, fields: fields, bytes: bytes, encoding: .utf8) }
                }
            }
            #expect(general.quarantine.isEmpty && general.rowCount == records.count, "seed \(seed)")
            #expect(Outcome(fast) == Outcome(general), "seed \(seed)")
        }
    }
}
