import Foundation
import Testing
@testable import IntegrationIndex

/// The same respondents exported the ways field teams export them (`Fixtures/formats/`, made
/// by `make-formats.py` there) give the same scores and estimates as the clean UTF-8 file.
@Suite struct ExportFormatTests {
    static func run(_ name: String) throws -> StudyRun {
        let study = try Study.load(from: fixture("formats/\(name)/study.json"))
        return try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument)
    }

    static let clean: StudyRun? = try? run("clean")

    @Test(arguments: ["kobo-xml", "kobo-labels-es", "spreadsheet-1252", "odk", "excel", "spss", "stata"])
    func sameScoresAsTheCleanFile(format: String) throws {
        let clean = try #require(Self.clean)
        let other = try Self.run(format)
        #expect(other.scores.count == clean.scores.count)
        func same(_ a: [Double], _ b: [Double]) -> Bool { zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }
        for d in clean.scores.dimensions.indices {
            #expect(same(other.scores.dimensions[d], clean.scores.dimensions[d]), "\(format) \(clean.scores.dimensionKeys[d])")
        }
        #expect(same(other.scores.overall, clean.scores.overall))
        #expect(same(other.scores.indicators.flatMap { $0 }, clean.scores.indicators.flatMap { $0 }))
        #expect(other.estimates.count == clean.estimates.count)
        for (a, b) in zip(other.estimates, clean.estimates) {
            #expect(a.groupValue == b.groupValue && a.n == b.n)
            #expect(a.estimate == b.estimate || (a.estimate.isNaN && b.estimate.isNaN), "\(format) \(a.indicator) \(a.groupKey)=\(a.groupValue)")
        }
    }

    @Test func koboResubmissionIsQuarantined() throws {
        let run = try Self.run("kobo-xml")
        #expect(run.ingest.rowsRead == 81 && run.ingest.rowsQuarantined == 1)
        #expect(run.ingest.quarantine.first?.kind == .duplicateID)
        #expect(run.ingest.idColumn == "_uuid")
        #expect(run.ingest.columnMatches.first { $0.wanted == "q_connected" }?.rule == .pathSegment)
    }

    @Test func labelExportIsMatchedByLabels() throws {
        let run = try Self.run("kobo-labels-es")
        let matches = Dictionary(uniqueKeysWithValues: run.ingest.columnMatches.map { ($0.wanted, $0) })
        #expect(matches["q_connected"]?.rule == .label)
        #expect(matches["q_connected"]?.header == "Módulo A/¿Qué tan conectado/a se siente con el país?")
        #expect(matches["sex"]?.header == "Sexo")
        #expect(matches["weight"]?.rule == .mapped)
        #expect(run.findings.isEmpty)
    }

    @Test func spreadsheetFileIsDecodedAndSaysSo() throws {
        let run = try Self.run("spreadsheet-1252")
        #expect(run.ingest.dialect.encoding == .windows1252)
        #expect(run.ingest.dialect.separator == UInt8(ascii: ";") && run.ingest.dialect.hasSeparatorLine)
        #expect(run.ingest.decimalComma)
        #expect(run.findings.map(\.rule) == [.encoding])
        #expect(run.ingest.table.categorical["nationality"]?.levels.contains("Nicaragüense") == true)
    }

    @Test func odkKeyIsTheDefaultID() throws {
        let run = try Self.run("odk")
        #expect(run.ingest.idColumn == "KEY")
        #expect(run.ingest.table.ids.first?.hasPrefix("uuid:") == true)
    }

    @Test(arguments: [
        ("1.234,5", true, 1234.5), ("12,5", true, 12.5), ("-0,25", true, -0.25), ("1.234.567", true, 1_234_567),
        ("1,234.5", false, 1234.5), ("12.5", false, 12.5), ("1,234,567", false, 1_234_567),
    ])
    func numbersWithSeparators(text: String, decimalComma: Bool, value: Double) {
        #expect(NumberParser.parse(text, decimalComma: decimalComma) == value)
    }

    @Test(arguments: [("1,23,4", false), ("12.34,5", true), ("1.2345,6", true), ("1,5", false)])
    func malformedSeparatorsAreNotNumbers(text: String, decimalComma: Bool) {
        #expect(NumberParser.parse(text, decimalComma: decimalComma) == nil)
    }

    @Test func windows1252Decoding() {
        let bytes: [UInt8] = [0x4E, 0x69, 0x63, 0x61, 0x72, 0x61, 0x67, 0xFC, 0x65, 0x6E, 0x73, 0x65, 0x20, 0x80]
        let text = bytes.withUnsafeBufferPointer { TextEncoding.windows1252.decode($0) }
        #expect(text == "Nicaragüense €")
        #expect(bytes.withUnsafeBufferPointer { TextEncoding.detect($0) } == .windows1252)
        #expect(Array("Nicaragüense".utf8).withUnsafeBufferPointer { TextEncoding.detect($0) } == .utf8)
        // Latin-1 "añ" then a quote at the very end: 0xF1 starts no UTF-8 character here
        // (a property test found it).
        #expect([0x61, 0xF1, 0x22, 0x0A].withUnsafeBufferPointer { TextEncoding.detect($0) } == .windows1252)
        // A UTF-8 "ñ" cut by the end of a chunk is still UTF-8.
        #expect([0x61, 0xC3].withUnsafeBufferPointer { TextEncoding.detect($0) } == .utf8)
    }

    /// The first non-ASCII byte decides, wherever it falls in the eight-byte words the ASCII
    /// is skipped by, and whether or not the end of the bytes cuts its character.
    @Test func encodingEvidenceIsFoundAtEveryOffset() {
        for length in 0..<40 {
            #expect([UInt8](repeating: 0x61, count: length).withUnsafeBufferPointer { TextEncoding.evidence(in: $0) } == nil)
            for at in 0..<length {
                for (character, whole) in [([0xC3, 0xB1] as [UInt8], TextEncoding.utf8), ([0xF1, 0x22], .windows1252), ([0xFC], .windows1252)] {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    for (k, byte) in character.enumerated() where at + k < length { bytes[at + k] = byte }
                    // A lead byte cut off by the end counts as UTF-8; 0xFC never leads one.
                    let expected = at + character.count > length && character[0] != 0xFC ? TextEncoding.utf8 : whole
                    #expect(bytes.withUnsafeBufferPointer { TextEncoding.evidence(in: $0) } == expected, "\(character) at \(at) of \(length)")
                }
            }
        }
    }

    @Test func labelsMatchWithoutAccentsOrCase() throws {
        let instrument = try Instrument.load(from: repositoryRoot.appendingPathComponent("Surveys/integration-index-7.json"))
        let item = try #require(instrument.item(column: "q_outsider"))
        #expect(item.code(forValue: "MUY A MENUDO") == "5")
        #expect(item.code(forValue: "no sabe") == "98")
        #expect(item.code(forValue: "Nunca") == "1")
        #expect(item.code(forValue: "a veces.") == "3")
        #expect(item.code(forValue: "quizás") == nil)
    }
}

/// select_multiple questions scored by the number of options chosen, from either form a
/// platform exports them in; blank means not answered, never zero.
@Suite struct SelectMultipleTests {
    static let instrument = """
        {"name": "s", "index": {"minDimensions": 1}, "dimensions": [{"key": "civic", "labels": "Civic", "items": [
          {"column": "actions", "labels": "Actions", "scale": "bins", "bins": [0, 1, 2, 3], "selectMultiple": true}]}]}
        """

    static func scores(_ csv: String) throws -> [Double] {
        let folder = try temporaryFolder()
        let data = try writeFile(csv, in: folder)
        let instrument = try Instrument.parse(Data(Self.instrument.utf8), source: "s.json")
        let study = try Study.parse(Data(#"{"data": "\#(data.path)", "instrument": "s.json", "design": {}}"#.utf8), url: folder.appendingPathComponent("study.json"))
        let table = try SurveyReader(study: study, instrument: instrument).read(data).table
        return Scorer(instrument: instrument, study: study).score(table).dimensions[0]
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }

    @Test func summaryColumnCountsTheChosenNames() throws {
        // Kobo's summary: names separated by spaces; 3 bins above 0 → count/3.
        let scores = try Self.scores("_uuid,grupo/actions\na,vote march\nb,\nc,petition\nd,vote march petition\n")
        #expect(Self.same(scores, [2.0 / 3, .nan, 1.0 / 3, 1]))
    }

    @Test func optionColumnsAreSummedAndBlankIsNotAnswered() throws {
        let scores = try Self.scores("KEY,grupo-actions-vote,grupo-actions-march,grupo-actions-petition\na,1,1,0\nb,,,\nc,0,0,1\nd,0,0,0\n")
        #expect(Self.same(scores, [2.0 / 3, .nan, 1.0 / 3, 0]))
    }

    @Test func selectMultipleNeedsBins() {
        let text = #"{"name": "s", "dimensions": [{"key": "c", "labels": "C", "items": [{"column": "a", "labels": "A", "codes": [{"code": "1", "labels": "x"}, {"code": "2", "labels": "y"}], "selectMultiple": true}]}]}"#
        let error = #expect(throws: ConfigurationError.self) { try Instrument.parse(Data(text.utf8), source: "s.json") }
        #expect(error?.path == "$.dimensions[0].items[0].selectMultiple")
    }
}
