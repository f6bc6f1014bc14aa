import Foundation
import Testing

/// Each deliberately broken fixture gives its documented outcome: an error with its exit
/// code, or quarantined rows whose counts reconcile with the rows read.
@Suite struct BrokenFixtureTests {
    static func run(_ name: String, _ extra: [String] = []) throws -> (CommandResult, URL) {
        let output = try temporaryFolder()
        let result = try integra(["run", "Fixtures/broken/\(name)/study.json", "--output", output.path] + extra)
        return (result, output)
    }

    @Test(arguments: [
        ("missing-column", 65, "responses.csv:1: column \"ipl_job\": this column is needed but is not in the header"),
        ("unbalanced-quote", 65, "responses.csv:6: column \"sex\": a quoted field opened on this line is never closed"),
        ("empty-file", 65, "responses.csv:1: the file is empty: no header line"),
        ("binary-file", 65, "responses.csv: holds NUL bytes: not a text file"),
        ("missing-file", 66, "does-not-exist.csv: no such file"),
        ("bad-instrument", 78, "instrument.json: $.dimensions[1].items[0].revresed: unknown key \"revresed\""),
    ])
    func unreadableInputIsAnErrorAndWritesNoResults(name: String, status: Int32, message: String) throws {
        let (result, output) = try Self.run(name)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        for file in ["estimates.csv", "respondents.csv", "report.md"] {
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path))
        }
    }

    @Test(arguments: [
        ("ragged-rows", 10, 2, ["4": "wrong number of fields: expected 17, found 15", "7": "wrong number of fields: expected 17, found 18"]),
        ("duplicate-ids", 10, 2, ["10": "duplicate respondent id \"G2\" (first on line 3)", "11": "duplicate respondent id \"G4\" (first on line 5)"]),
        ("bad-weights", 8, 4, [
            "2": "unusable weight \"abc\" in column \"w\": weights must be numbers ≥ 0",
            "3": "unusable weight \"-2\" in column \"w\": weights must be numbers ≥ 0",
            "4": "missing weight in column \"w\"",
            "5": "wrong number of fields: expected 17, found 18",
        ]),
        ("missing-design", 8, 2, ["2": "missing design value in column \"stratum\"", "3": "missing design value in column \"psu\""]),
    ])
    func brokenRowsAreQuarantinedWholeAndCountsReconcile(name: String, read: Int, quarantined: Int, reasons: [String: String]) throws {
        let (result, output) = try Self.run(name)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(read) rows read = \(read - quarantined) accepted + \(quarantined) quarantined"))
        let quarantine = try String(contentsOf: output.appendingPathComponent("quarantine.csv"), encoding: .utf8)
        let rows = records(quarantine)
        #expect(rows.count == quarantined)
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0["_line"]!, $0["_reason"]!) }) == reasons)
        // Each quarantined row is the original line, byte for byte, after "line,reason,".
        let original = try String(contentsOf: repositoryRoot.appendingPathComponent("Fixtures/broken/\(name)/responses.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in quarantine.split(separator: "\n").dropFirst() {
            let number = Int(line.prefix { $0 != "," })!
            #expect(line.hasSuffix(original[number - 1]), "line \(number)")
        }
        let respondents = records(try String(contentsOf: output.appendingPathComponent("respondents.csv"), encoding: .utf8))
        #expect(respondents.count == read - quarantined)
    }

    @Test func badCodesAreFindingsAndStrictFails() throws {
        let (result, output) = try Self.run("bad-codes")
        #expect(result.status == 0)
        let findings = records(try String(contentsOf: output.appendingPathComponent("findings.csv"), encoding: .utf8))
        #expect(findings.map { [$0["line"]!, $0["column"]!, $0["value"]!, $0["rule"]!] } == [
            ["2", "ipl_connected", "6", "unknown-code"],
            ["3", "ipl_outsider", "muy_bien", "unknown-label"],
            ["4", "ipl_doctor", "0", "unknown-code"],
        ])
        // Row 5's 98 is a declared non-answer: missing, but no finding.
        let (strict, _) = try Self.run("bad-codes", ["--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("--strict"))
    }
}
