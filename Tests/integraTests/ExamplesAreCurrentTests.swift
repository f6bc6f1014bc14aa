import Foundation
import Testing

/// `Reports/demo/` must be what the README's command produces today: a stale example
/// misleads every reader. Regenerate with `swift run integra run Fixtures/demo/study.json`
/// (and `Scripts/check-reports.sh` for the screenshot).
@Suite struct ExamplesAreCurrentTests {
    /// One fresh run of the demo, shared by the checks of each file.
    static let fresh: URL? = {
        guard let output = try? temporaryFolder(),
            let result = try? integra(["run", "Fixtures/demo/study.json", "--output", output.path]), result.status == 0
        else { return nil }
        return output
    }()

    /// The pages carry the run's date; everything else must match byte for byte.
    static func withoutDate(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(of: #"<time datetime="[^"]*">[^<]*</time>"#, with: "<time/>", options: .regularExpression)
    }

    @Test(arguments: ["estimates.csv", "respondents.csv", "report.md", "findings.csv", "quarantine.csv", "report.html", "report.en.html"])
    func demoOutputIsCurrent(file: String) throws {
        let output = try #require(Self.fresh, "the demo run failed")
        let fresh = try Data(contentsOf: output.appendingPathComponent(file))
        let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("Reports/demo").appendingPathComponent(file))
        #expect(Self.withoutDate(fresh) == Self.withoutDate(committed), "Reports/demo/\(file) is stale: run `swift run integra run Fixtures/demo/study.json`")
    }

    /// The demo's pages made again from its store alone (its calibration summary, counting
    /// view and ranks included) are the run's own.
    @Test func demoReportFromTheStoreIsTheRunsOwn() throws {
        let output = try #require(Self.fresh, "the demo run failed")
        let again = output.appendingPathComponent("again")
        let result = try integra(["report", "--store", output.appendingPathComponent("integra.sqlite").path, "--output", again.path])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["report.md", "report.html", "report.en.html"] {
            let fresh = try Data(contentsOf: output.appendingPathComponent(file))
            #expect(Self.withoutDate(try Data(contentsOf: again.appendingPathComponent(file))) == Self.withoutDate(fresh), "\(file)")
        }
    }

    /// The change between the demo's two waves, as the README's `integra compare` makes it.
    static let freshChange: URL? = {
        guard let output = try? temporaryFolder(),
            let result = try? integra([
                "compare", "--before", "Fixtures/demo/study.json", "--after", "Fixtures/demo-wave2/study.json", "--output", output.path,
            ]), result.status == 0
        else { return nil }
        return output
    }()

    @Test(arguments: ["change.csv", "change.md", "change.html", "change.en.html", "change.xlsx"])
    func demoChangeIsCurrent(file: String) throws {
        let output = try #require(Self.freshChange, "the demo comparison failed")
        let fresh = try Data(contentsOf: output.appendingPathComponent(file))
        let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("Reports/demo-wave2").appendingPathComponent(file))
        #expect(fresh == committed, "Reports/demo-wave2/\(file) is stale: run the README's `integra compare` command")
    }

    @Test func demoWorkbookAndScreenshotAreThere() throws {
        for file in ["report.xlsx", "report.png"] {
            #expect(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("Reports/demo/\(file)").path), "\(file)")
        }
    }
}
