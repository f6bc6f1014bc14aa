import Foundation
import Testing
import IntegrationStore

/// `integra compare` as a user runs it: two runs of a store or two studies give the same
/// changes, the store keeps them, and what cannot be compared says why.
@Suite struct CompareCommandTests {
    /// Both demo waves run into one store, from copies of their survey files.
    static func storeWithBothWaves() throws -> (folder: URL, store: String) {
        let folder = try temporaryFolder()
        let store = folder.appendingPathComponent("integra.sqlite").path
        for (wave, study) in [("a", "Fixtures/demo/study.json"), ("b", "Fixtures/demo-wave2/study.json")] {
            let data = folder.appendingPathComponent("\(wave).csv")
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(study).deletingLastPathComponent().appendingPathComponent("responses.csv"), to: data)
            let result = try integra(["run", study, "--data", data.path, "--output", folder.appendingPathComponent(wave).path, "--store", store])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return (folder, store)
    }

    @Test func storedRunsAndStudiesGiveTheSameChangesAndTheStoreKeepsThem() throws {
        let (folder, store) = try Self.storeWithBothWaves()
        let stored = try integra(["compare", store, "--run", "1", "--run", "2", "--output", folder.appendingPathComponent("stored").path])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout.isEmpty, "stdout carries data only")
        #expect(stored.stderr.contains("Índice general") && stored.stderr.contains("group changes significant"))
        let studies = try integra([
            "compare", "--before", "Fixtures/demo/study.json", "--after", "Fixtures/demo-wave2/study.json", "--output", folder.appendingPathComponent("studies").path,
        ])
        #expect(studies.status == 0, "\(studies.stderr)")
        let csv = try ["stored", "studies"].map { try String(contentsOf: folder.appendingPathComponent("\($0)/change.csv"), encoding: .utf8) }
        #expect(csv[0] == csv[1])
        #expect(csv[0].split(separator: "\n").count > 1000)
        for file in ["change.md", "change.html", "change.en.html", "change.xlsx"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("stored/\(file)").path), "\(file)")
        }
        let kept = try ResultStore(path: store).changes(before: 1, after: 2, samples: .independent)
        #expect(kept.count == csv[0].split(separator: "\n").count - 1)
        // Comparing again replaces the stored changes rather than adding to them.
        _ = try integra(["compare", store, "--run", "1", "--run", "2", "--output", folder.appendingPathComponent("stored").path])
        #expect(try ResultStore(path: store).changes(before: 1, after: 2, samples: .independent).count == kept.count)
    }

    /// The store's comparison rendered again with `integra report`, without the survey
    /// files: the same documents as `integra compare` wrote, in another language on request;
    /// a comparison the store does not have is named with the command that makes it.
    @Test func aStoredComparisonIsRenderedAgainFromTheStore() throws {
        let (folder, store) = try Self.storeWithBothWaves()
        let compared = try integra(["compare", store, "--run", "1", "--run", "2", "--output", folder.appendingPathComponent("compared").path])
        #expect(compared.status == 0, "\(compared.stderr)")
        for wave in ["a", "b"] { try FileManager.default.removeItem(at: folder.appendingPathComponent("\(wave).csv")) }
        let again = try integra(["report", "--store", store, "--run", "1", "--run", "2", "--output", folder.appendingPathComponent("again").path])
        #expect(again.status == 0, "\(again.stderr)")
        for file in ["change.csv", "change.md", "change.html", "change.en.html", "change.xlsx"] {
            let first = try Data(contentsOf: folder.appendingPathComponent("compared/\(file)"))
            let second = try Data(contentsOf: folder.appendingPathComponent("again/\(file)"))
            #expect(first == second, "\(file)")
        }
        let english = try integra(["report", "--store", store, "--run", "1", "--run", "2", "--language", "en", "--output", folder.appendingPathComponent("en").path])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("en/change.md"), encoding: .utf8).hasPrefix("# Change between waves"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("en/change.es.html").path))
        let panel = try integra(["report", "--store", store, "--run", "1", "--run", "2", "--paired"])
        #expect(panel.status == 65)
        #expect(panel.stderr.contains("no panel comparison") && panel.stderr.contains("integra compare"), "\(panel.stderr)")
    }

    /// A panel re-reads the runs' survey files: one that changed since its run is refused.
    @Test func aPanelNeedsTheSurveyFilesThatWereRun() throws {
        let (folder, store) = try Self.storeWithBothWaves()
        let paired = try integra(["compare", store, "--run", "1", "--run", "2", "--paired", "--output", folder.appendingPathComponent("panel").path])
        #expect(paired.status == 0, "\(paired.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("panel/change.csv"), encoding: .utf8).contains(",paired,"))
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("b.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        let changed = try integra(["compare", store, "--run", "1", "--run", "2", "--paired"])
        #expect(changed.status == 65)
        #expect(changed.stderr.contains("b.csv") && changed.stderr.contains("SHA-256"), "\(changed.stderr)")
    }

    @Test func whatCannotBeComparedSaysWhy() throws {
        let (_, store) = try Self.storeWithBothWaves()
        let one = try integra(["compare", store, "--run", "1"])
        #expect(one.status == 64)
        #expect(one.stderr.contains("--run twice"))
        let missing = try integra(["compare", store, "--run", "1", "--run", "9"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no run 9"))
        let other = try integra(["compare", "--before", "Fixtures/tiny/study.json", "--after", "Fixtures/demo/study.json"])
        #expect(other.status == 78, "\(other.stderr)")
        #expect(other.stderr.contains("different instruments") && other.stderr.contains("only in"))
    }
}
