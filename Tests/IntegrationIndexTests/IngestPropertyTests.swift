import Foundation
import PropertyBased
import Testing
@testable import IntegrationIndex

/// Ingest on generated files: random quoting, separators, encodings, line endings, ragged
/// rows, embedded newlines, invalid UTF-8 and unclosed quotes. It must never crash or hang,
/// must account for every row, and must read a well-behaved file back to the same cells.
/// Each case is built from one seed, which the property checker reports when a case fails.
@Suite(.timeLimit(.minutes(2))) struct IngestPropertyTests {
    /// A generated file and what a correct reader must find in it.
    struct GeneratedFile {
        var bytes: [UInt8] = []
        var header: [String] = []
        var rows: [[String]] = []
        /// Records written, blank lines aside.
        var records = 0
        /// Written as a well-behaved writer would: every row complete, valid text, quotes closed.
        var wellBehaved = true
        var unclosedQuote = false
    }

    static func generate(seed: Int) -> GeneratedFile {
        var random = SeededGenerator(seed: UInt64(seed))
        func chance(_ p: Double) -> Bool { random.uniform() < p }
        var file = GeneratedFile()
        let separator = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")][Int(random.next() % 3)]
        let crlf = chance(0.5)
        let latin1 = chance(0.2)
        let alphabet: [String] = ["a", "b", "Z", " ", "1", "9", ".", "-", "\"", ",", ";", "\t", "\n", "\r\n", "ñ", "é", "ü", "€", "日"]
        let columnCount = 2 + Int(random.next() % 5)
        file.header = ["id"] + (1..<columnCount).map { "c\($0)" }
        func cell() -> String {
            String((0..<Int(random.next() % 7)).map { _ in alphabet[Int(random.next() % UInt64(latin1 ? 17 : alphabet.count))] }.joined())
        }
        func encode(_ text: String) -> [UInt8] {
            guard latin1 else { return Array(text.utf8) }
            return text.unicodeScalars.map { $0 == "€" ? 0x80 : UInt8(truncatingIfNeeded: $0.value) }
        }
        func field(_ text: String) -> [UInt8] {
            let needsQuotes = text.utf8.contains { $0 == separator || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D } || chance(0.2)
            guard needsQuotes else { return encode(text) }
            return [UInt8(ascii: "\"")] + encode(text.replacingOccurrences(of: "\"", with: "\"\"")) + [UInt8(ascii: "\"")]
        }
        let newline: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
        if chance(0.2) && !latin1 { file.bytes += [0xEF, 0xBB, 0xBF] }
        file.bytes += Array(file.header.map(field).joined(separator: [separator])) + newline
        let rowCount = Int(random.next() % 25)
        for row in 0..<rowCount {
            var cells = [String(row)] + (1..<columnCount).map { _ in cell() }
            if chance(0.1) {
                // Ragged: a field too many or too few.
                if chance(0.5) { cells.append("x") } else { cells.removeLast() }
                file.wellBehaved = false
            }
            var bytes = Array(cells.map(field).joined(separator: [separator]))
            if chance(0.05) {
                bytes += [0xFF, 0xFE]  // never valid UTF-8
                file.wellBehaved = false
            }
            // A record of one empty field is a blank line, which readers skip.
            if bytes.isEmpty { continue }
            file.bytes += bytes + newline
            file.rows.append(cells)
            file.records += 1
            if chance(0.05) {
                file.bytes += newline  // blank line
            }
        }
        if chance(0.05) {
            file.bytes += Array("\"open".utf8)
            file.unclosedQuote = true
            file.wellBehaved = false
        }
        if latin1 { file.wellBehaved = file.wellBehaved && file.rows.allSatisfy { $0.allSatisfy { !$0.contains("日") } } }
        return file
    }

    static let folder = try? temporaryFolder()

    @Test func ingestNeverCrashesAndAccountsForEveryRow() async throws {
        let folder = try #require(Self.folder)
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let file = Self.generate(seed: seed)
            let url = folder.appendingPathComponent("fuzz-\(seed).csv")
            try? Data(file.bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let reader = TableReader(
                idColumn: .named("id"), columns: file.header.dropFirst().enumerated().map { index, name in
                    TableReader.ColumnRequest(name: name, roles: [index == 0 ? .numeric : .categorical])
                })
            do {
                let result = try reader.read(url)
                #expect(result.rowsRead == result.rowsAccepted + result.rowsQuarantined, "seed \(seed)")
                #expect(result.rowsRead == file.records, "seed \(seed)")
                #expect(!file.unclosedQuote, "seed \(seed): an unclosed quote was not reported")
            } catch let error as IngestError {
                // Only an unclosed quote makes a whole file unreadable.
                if !file.unclosedQuote || error.kind != .unbalancedQuote { Issue.record("seed \(seed): unexpected error \(error)") }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    /// Records checked on several cores, batch by batch, give exactly what one core gives:
    /// rows, codes in order of first appearance, numbers, quarantine (re-submissions across
    /// the shares of a batch and across batches) and findings.
    @Test func sharingBatchesBetweenCoresChangesNothing() async throws {
        let folder = try #require(Self.folder)
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var file = Self.generate(seed: seed)
            // Repeat some records, so that ids come back within and across shares.
            var random = SeededGenerator(seed: UInt64(seed) &+ 17)
            let lines = file.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.count > 3 {
                for _ in 0..<3 { file.bytes += lines[1 + Int(random.next() % UInt64(lines.count - 2))] + [UInt8(ascii: "\n")] }
            }
            let url = folder.appendingPathComponent("shares-\(seed).csv")
            try? Data(file.bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            // Rows named by their line (`integra estimate`) for some seeds: shares must name
            // them by the file's lines, not their own.
            let idColumn: TableReader.IDColumn = seed % 3 == 0 ? .lineNumbers : .named("id")
            func read(cores: Int, smallestSplit: Int, chunk: Int) -> Result<IngestResult, IngestError> {
                var reader = TableReader(
                    idColumn: idColumn, columns: file.header.dropFirst().enumerated().map { index, name in
                        TableReader.ColumnRequest(name: name, roles: [index == 0 ? .numeric : .categorical])
                    })
                reader.parallelism = .init(cores: cores, smallestSplit: smallestSplit, smallestShare: smallestSplit == .max ? .max / 8 : 4)
                reader.chunkSize = chunk
                do { return .success(try reader.read(url)) } catch let error as IngestError { return .failure(error) } catch { return .failure(IngestError(file: "", kind: .unreadable, message: "\(error)")) }
            }
            let one = read(cores: 1, smallestSplit: .max, chunk: 1 << 20)
            let three = read(cores: 3, smallestSplit: 2, chunk: 97)
            switch (one, three) {
            case (.success(let a), .success(let b)):
                #expect(a.rowsRead == b.rowsRead, "seed \(seed)")
                #expect(a.table.ids == b.table.ids && a.table.lines == b.table.lines, "seed \(seed)")
                #expect(a.quarantine == b.quarantine, "seed \(seed)")
                #expect(a.findings == b.findings, "seed \(seed)")
                for (name, column) in a.table.categorical {
                    #expect(column.levels == b.table.categorical[name]?.levels && column.codes == b.table.categorical[name]?.codes, "seed \(seed) \(name)")
                }
                for (name, column) in a.table.numeric {
                    #expect(column.values.map(\.bitPattern) == b.table.numeric[name]?.values.map(\.bitPattern), "seed \(seed) \(name)")
                }
            case (.failure(let a), .failure(let b)):
                #expect(a.kind == b.kind && a.line == b.line, "seed \(seed)")
            default:
                Issue.record("seed \(seed): one core and several disagree on whether the file can be read")
            }
        }
    }

    @Test func wellBehavedFilesReadBackToTheSameCells() async throws {
        let folder = try #require(Self.folder)
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let file = Self.generate(seed: seed)
            guard file.wellBehaved else { return }
            let url = folder.appendingPathComponent("roundtrip-\(seed).csv")
            try? Data(file.bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            // Every other seed with each next chunk read ahead, as readers parsing shares do.
            guard let records = try? readAll(url, chunkSize: 16 + seed % 300, readingAhead: seed % 2 == 0) else {
                Issue.record("seed \(seed): could not read a well-behaved file")
                return
            }
            #expect(records == [file.header] + file.rows, "seed \(seed)")
        }
    }

    /// Cases the property checker found, kept: a Windows-1252 file whose only accented letter
    /// ends the file, and one whose first accent comes after the first chunk.
    @Test(arguments: [1_448_359_714, 944_439_338])
    func foundCasesReadBack(seed: Int) throws {
        let file = Self.generate(seed: seed)
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("found.csv")
        try Data(file.bytes).write(to: url)
        for chunkSize in [16, 54, 4096] {
            #expect(try readAll(url, chunkSize: chunkSize) == [file.header] + file.rows, "chunk \(chunkSize)")
            #expect(try readAll(url, chunkSize: chunkSize, readingAhead: true) == [file.header] + file.rows, "chunk \(chunkSize), read ahead")
        }
    }
}
