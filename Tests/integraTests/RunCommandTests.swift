import Foundation
import Testing
import IntegrationIndex
import IntegrationStore

@Suite struct RunCommandTests {
    @Test func demoRunWritesEveryOutputAndTheStoreListsIt() throws {
        let output = try temporaryFolder()
        let result = try integra(["run", "Fixtures/demo/study.json", "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "stdout carries data only")
        for file in ["estimates.csv", "respondents.csv", "report.md", "findings.csv", "quarantine.csv", "integra.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
        let second = try integra(["run", "Fixtures/tiny/study.json", "--output", output.appendingPathComponent("tiny").path, "--store", output.appendingPathComponent("integra.sqlite").path])
        #expect(second.status == 0)
        let runs = try integra(["runs", "--store", output.appendingPathComponent("integra.sqlite").path])
        #expect(runs.status == 0)
        let lines = runs.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].contains("completed") && lines[1].contains("3000"))
        #expect(lines[2].contains("Tiny hand-checked fixture"))
    }

    @Test func failedRunIsRecordedWithoutResults() throws {
        let output = try temporaryFolder()
        let store = output.appendingPathComponent("store.sqlite").path
        let failed = try integra(["run", "Fixtures/broken/missing-column/study.json", "--output", output.path, "--store", store])
        #expect(failed.status == 65)
        let runs = try integra(["runs", "--store", store])
        #expect(runs.stdout.contains("failed"))
        #expect(runs.stderr.contains("ipl_job"))
    }

    @Test func simulateIsReproducibleFromItsSeed() throws {
        let folder = try temporaryFolder()
        for name in ["a.csv", "b.csv"] {
            let result = try integra(["simulate", "--study", "Fixtures/demo/study.json", "--respondents", "200", "--seed", "5", "--output", folder.appendingPathComponent(name).path])
            #expect(result.status == 0)
        }
        let a = try Data(contentsOf: folder.appendingPathComponent("a.csv"))
        #expect(a == (try Data(contentsOf: folder.appendingPathComponent("b.csv"))))
        #expect(records(String(decoding: a, as: UTF8.self)).count == 200)
    }

    /// The store is opened while the pipeline runs, and its failure is still the run's:
    /// exit 73 naming the store, no output file, and before a failure of the data's own
    /// (as when the store was opened before the data was read).
    @Test(arguments: ["Fixtures/tiny/study.json", "Fixtures/broken/missing-column/study.json"])
    func storeThatCannotBeOpenedFailsTheRun(study: String) throws {
        let output = try temporaryFolder()
        let store = output.appendingPathComponent("no-such-folder/integra.sqlite").path
        let result = try integra(["run", study, "--output", output.path, "--store", store])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains(store))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test func missingStoreIsMissingInput() throws {
        let result = try integra(["runs", "--store", "/nonexistent/integra.sqlite"])
        #expect(result.status == 66)
    }
}

@Suite struct BuiltInInstrumentCommandTests {
    /// The demo names its instrument, so its folder runs wherever it is copied.
    @Test func demoFolderRunsWhenCopiedAnywhere() throws {
        let folder = try temporaryFolder()
        let copy = folder.appendingPathComponent("somewhere/else/demo")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/demo"), to: copy)
        let result = try integra(["run", "study.json", "--output", "out"], in: copy)
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try integra(["runs", "--store", "out/integra.sqlite"], in: copy)
        #expect(runs.stdout.contains("integration-index-7"), "\(runs.stdout)")
        let expectedHash = try SHA256Digest.hex(ofFileAt: repositoryRoot.appendingPathComponent("Surveys/integration-index-7.json"))
        let store = try ResultStore(path: copy.appendingPathComponent("out/integra.sqlite").path)
        let run = try #require(try store.runs().first)
        #expect(run.instrumentName == "integration-index-7")
        #expect(run.instrumentVersion == "1.0.0")
        #expect(run.instrumentSHA256 == expectedHash)
    }

    @Test func instrumentsListsTheBuiltInsAndShowWritesOneOut() throws {
        let list = try integra(["instruments"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("integration-index-7   1.0.0    7           26"))
        #expect(list.stdout.contains("ipl-12"))
        let show = try integra(["instruments", "show", "ipl-12"])
        #expect(show.status == 0)
        #expect(show.stdout == (try String(contentsOf: repositoryRoot.appendingPathComponent("Surveys/ipl-12.json"), encoding: .utf8)))
        let wrong = try integra(["instrument", "show", "ipl-12@2"])
        #expect(wrong.status == 78)
        #expect(wrong.stderr.contains("this integra has ipl-12 version 1.0.0, not 2"))
    }
}

@Suite struct SurveyFileFormatCommandTests {
    /// The same survey as CSV, Excel, SPSS and Stata gives the same respondents.csv, byte for byte.
    @Test func everyFormatGivesTheSameRespondentsFile() throws {
        let folder = try temporaryFolder()
        var files: [String: Data] = [:]
        for format in ["clean", "excel", "spss", "stata"] {
            let output = folder.appendingPathComponent(format)
            let result = try integra(["run", "Fixtures/formats/\(format)/study.json", "--output", output.path])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(result.stderr.contains("80 rows read = 80 accepted + 0 quarantined; 0 findings"), "\(format): \(result.stderr)")
            files[format] = try Data(contentsOf: output.appendingPathComponent("respondents.csv"))
        }
        #expect(files["clean"]!.count > 1000)
        for format in ["excel", "spss", "stata"] {
            #expect(files[format] == files["clean"], "\(format)")
        }
    }
}
