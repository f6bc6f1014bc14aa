import Foundation
import Testing

/// Every case printed by R's `survey` package, run through the real command line: estimate,
/// SE, interval (and design effect where R printed one) within 1e-6, df exact.
/// `Fixtures/r-survey/` holds the reference cases as given; `Fixtures/r-survey-extra/` the
/// cases made with `make-reference.R` there (multi-stage, lonely PSUs, replicate weights of
/// every type, design effects, differences) and with `make-ratio-reference.R` (`svyratio`);
/// `Fixtures/r-calibration/` calibrated designs (`postStratify`, `rake`, `calibrate`).
@Suite struct RConformanceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var folder: URL
        var row: [String: String]
        var testDescription: String { "\(row["case"]!) \(row["variable"]!) \(row["group"]!)\(row["level"]!)" }
    }

    static let cases: [Case] = ["r-survey", "r-survey-extra", "r-calibration"].flatMap { name -> [Case] in
        let folder = repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(name)
        return ["expected.csv", "expected-ratio.csv"].flatMap { file -> [Case] in
            let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            return records(text).map { Case(folder: folder, row: $0) }
        }
    }

    @Test func theReferenceHoldsEveryCase() {
        #expect(Self.cases.count == 125 + 242)
        #expect(Set(Self.cases.map { $0.row["statistic"]! }) == ["mean", "total", "proportion", "difference", "ratio"])
    }

    @Test(arguments: cases)
    func matchesR(_ testCase: Case) throws {
        let row = testCase.row
        let arguments = row["args"]!.split(separator: " ").map(String.init)
        let result = try integra(["estimate", row["data"]!] + arguments, in: testCase.folder)
        #expect(result.status == 0, "\(result.stderr)")
        let by = row["by"]!.split(separator: ",").map(String.init)
        let group = by.isEmpty ? [] : row["group"]!.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let matches = records(result.stdout).filter { printed in
            printed["statistic"] == row["statistic"] && printed["variable"] == row["variable"] && printed["level"] == row["level"]
                && by.map { printed[$0] ?? "?" } == group
        }
        let printed = try #require(matches.count == 1 ? matches.first : nil, "no single row for \(testCase.testDescription)")
        for column in ["estimate", "se", "ci_low", "ci_high", "deff"] {
            guard let expected = row[column].flatMap(Double.init) else { continue }
            let value = try #require(Double(printed[column] ?? ""), "\(column) missing")
            #expect(relativeError(value, expected) < 1e-6, "\(column): \(value) vs R \(expected)")
        }
        if let df = row["df"], df != "NA" { #expect(printed["df"] == df) }
        #expect(Int(printed["n"] ?? "") ?? 0 > 0)
    }
}
