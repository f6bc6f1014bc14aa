import Foundation
import Testing

/// `integra inspect` tells a user what they need to write the study file.
@Suite struct InspectCommandTests {
    static func inspect(_ format: String) throws -> CommandResult {
        try integra(["inspect", "Fixtures/formats/\(format)/responses.csv", "--study", "Fixtures/formats/\(format)/study.json"])
    }

    @Test(arguments: [
        ("kobo-xml", ["Encoding     UTF-8", "Separator    \";\"   quoted fields: 100%   line endings: CRLF", "Rows         81", "Likely id    _uuid", "modulo_a/psychosocial/q_connected", "path segment", "Every column the study needs is in the file."]),
        ("kobo-labels-es", ["Módulo A/¿Qué tan conectado/a se siente con el país?", "label", "Factor de expansión", "mapped", "Every column the study needs is in the file."]),
        ("spreadsheet-1252", ["Encoding     Windows-1252 (not UTF-8", "(from a sep= first line)", "decimal comma (1.234,5)", "Nicaragüense", "Likely weight weight", "Every column the study needs is in the file."]),
        ("odk", ["Separator    \",\"", "line endings: LF", "KEY", "modulo_a-psychosocial-q_connected", "Every column the study needs is in the file."]),
        ("clean", ["Likely id    respondent_id", "exact", "Every column the study needs is in the file."]),
    ])
    func showsWhatTheReaderSees(format: String, expected: [String]) throws {
        let result = try Self.inspect(format)
        #expect(result.status == 0, "\(result.stderr)")
        for text in expected { #expect(result.stdout.contains(text), "\(format): \(text)") }
    }

    @Test func missingColumnsAreNamedWithTheFix() throws {
        let result = try integra(["inspect", "Fixtures/broken/missing-column/responses.csv", "--study", "Fixtures/broken/missing-column/study.json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ipl_job                 MISSING"))
        #expect(result.stdout.contains("Missing: ipl_job. Name them in the study's \"columns\""))
    }

    @Test func unknownAnswersAreListed() throws {
        let result = try integra(["inspect", "Fixtures/broken/bad-codes/responses.csv", "--study", "Fixtures/broken/bad-codes/study.json"])
        #expect(result.stdout.contains("unknown answers: \"muy_bien\""))
    }
}
