import Foundation
import Testing

@testable import IntegrationIndex

@Suite struct BuiltInInstrumentTests {
    @Test func everyInstrumentOfSurveysIsCompiledInByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Surveys").path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(BuiltInInstrument.texts.map(\.file) == files, "run Scripts/embed-instruments.sh")
        for (file, text) in BuiltInInstrument.texts {
            let onDisk = try String(contentsOf: repositoryRoot.appendingPathComponent("Surveys/\(file)"), encoding: .utf8)
            #expect(text == onDisk, "\(file) changed: run Scripts/embed-instruments.sh")
        }
        #expect(BuiltInInstrument.all.count == files.count, "every built-in parses")
        #expect(BuiltInInstrument.all.map(\.name) == ["integration-index-7", "ipl-12"])
    }

    @Test(arguments: [
        ("integration-index-7", InstrumentReference.builtIn(name: "integration-index-7", version: nil)),
        ("ipl-12@1.0.0", .builtIn(name: "ipl-12", version: "1.0.0")),
        ("instrument.json", .file(URL(fileURLWithPath: "/studies/a/instrument.json"))),
        ("../forms/form.xlsx", .file(URL(fileURLWithPath: "/studies/forms/form.xlsx"))),
        ("/abs/i.json", .file(URL(fileURLWithPath: "/abs/i.json"))),
    ])
    func referencesAreNamesOrPaths(text: String, expected: InstrumentReference) {
        #expect(InstrumentReference.parse(text, relativeTo: URL(fileURLWithPath: "/studies/a")) == expected)
    }

    @Test func versionsSelectByLeadingParts() throws {
        for version in ["1", "1.0", "1.0.0"] {
            #expect(try InstrumentReference.builtIn(name: "ipl-12", version: version).load().instrument.name == "ipl-12")
        }
        for version in ["2", "1.1", "1.0.0.1"] {
            #expect(throws: ConfigurationError.self) { try InstrumentReference.builtIn(name: "ipl-12", version: version).load() }
        }
        let unknown = #expect(throws: ConfigurationError.self) { try InstrumentReference.builtIn(name: "ipl-24", version: nil).load(file: "s.json") }
        #expect(unknown?.description.contains("s.json: $.instrument: no built-in instrument \"ipl-24\" (built in: integration-index-7, ipl-12)") == true)
    }

    @Test func aBuiltInHashesAsItsFile() throws {
        let loaded = try InstrumentReference.builtIn(name: "integration-index-7", version: nil).load()
        #expect(loaded.sha256 == (try SHA256Digest.hex(ofFileAt: repositoryRoot.appendingPathComponent("Surveys/integration-index-7.json"))))
    }

    /// The JSON written for an instrument (from an XLSForm, say) reads back as the same instrument.
    @Test func instrumentJSONReadsBackAsTheSameInstrument() throws {
        for builtIn in BuiltInInstrument.all {
            let written = builtIn.instrument.jsonText()
            let reread = try Instrument.parse(Data(written.utf8), source: "written")
            #expect(reread.jsonText() == written)
            #expect(reread.items.count == builtIn.instrument.items.count)
            #expect(reread.items.map(\.column) == builtIn.instrument.items.map(\.column))
            #expect(reread.minDimensions == builtIn.instrument.minDimensions)
        }
        // Scoring with the written copy gives the same scores as the original.
        let study = try Study.load(from: fixture("formats/clean/study.json"))
        let original = try study.loadInstrument().instrument
        let copy = try Instrument.parse(Data(original.jsonText().utf8), source: "copy")
        let a = try StudyRun.execute(study: study, instrument: original).scores
        let b = try StudyRun.execute(study: study, instrument: copy).scores
        #expect(a.count == 80)
        #expect(a.dimensions.map { $0.map(\.bitPattern) } == b.dimensions.map { $0.map(\.bitPattern) })
        #expect(a.overall.map(\.bitPattern) == b.overall.map(\.bitPattern))
        #expect(a.findings.count == b.findings.count)
    }
}
