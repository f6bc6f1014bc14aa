import Foundation
import Testing

/// `Reports/demo/` must be what the README's command produces today: a stale example
/// misleads every reader. Regenerate with `swift run integra run Fixtures/demo/study.json`.
@Suite struct ExamplesAreCurrentTests {
    /// One fresh run of the demo, shared by the checks of each file.
    static let fresh: URL? = {
        guard let output = try? temporaryFolder(),
            let result = try? integra(["run", "Fixtures/demo/study.json", "--output", output.path]), result.status == 0
        else { return nil }
        return output
    }()

    @Test(arguments: ["estimates.csv", "respondents.csv", "report.md", "findings.csv", "quarantine.csv"])
    func demoOutputIsCurrent(file: String) throws {
        let output = try #require(Self.fresh, "the demo run failed")
        let fresh = try Data(contentsOf: output.appendingPathComponent(file))
        let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("Reports/demo").appendingPathComponent(file))
        #expect(fresh == committed, "Reports/demo/\(file) is stale: run `swift run integra run Fixtures/demo/study.json`")
    }
}
