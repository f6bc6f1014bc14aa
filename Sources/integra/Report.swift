import ArgumentParser
import Foundation
import IntegrationIndex
import IntegrationStore

/// `integra report --store PATH`: the documents of a stored run, made again from the store
/// alone (in another language, after a new version of integra) without the survey file; with
/// two runs, the documents of their stored comparison (`integra compare`).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the reports of a stored run, or of a stored comparison of two runs, again without reading the survey data.",
        discussion: """
            Writes report.md, report.html and report.xlsx (and, without --language, the page in every report language). \
            With --run twice (the earlier wave first), writes the change documents of the two runs as integra compare \
            stored them: change.csv, change.md, change.xlsx and change.html.
            """)

    @Option(help: "The SQLite result store.") var store: String
    @Option(name: .customLong("run"), help: "The run to render (default: the newest completed run); twice, a stored comparison.") var runIDs: [Int64] = []
    @Flag(help: "With two runs: the stored panel comparison (default: the one between independent samples, else the panel's).") var paired = false
    @Option(help: "es or en (default: the study's language).") var language: Language?
    @Option(help: "Folder for the reports (default: the store's folder).") var output: String?

    func validate() throws {
        guard runIDs.count <= 2 else { throw ValidationError("give --run once (a run) or twice (a comparison, the earlier wave first)") }
        guard !paired || runIDs.count == 2 else { throw ValidationError("--paired chooses a stored comparison: give --run twice") }
    }

    func run() throws {
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: store) else {
                Terminal.note("integra: error: \(store): no such store")
                throw ExitStatus.missingInput
            }
            let resultStore = try ResultStore(path: store)
            let folder = URL(fileURLWithPath: output ?? URL(fileURLWithPath: store).deletingLastPathComponent().path)
            if runIDs.count == 2 { return try renderComparison(resultStore, to: folder) }
            guard let runID = try runIDs.first ?? resultStore.latestCompletedRun() else {
                Terminal.note("integra: error: \(store): no completed run to report")
                throw ExitStatus.missingInput
            }
            let report = try resultStore.reportData(runID: runID, language: language)
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw OutputError(path: folder.path, reason: error.localizedDescription)
            }
            let files = try ReportFiles.write(report, to: folder, onlyLanguage: language != nil)
            Terminal.note("integra: run \(runID): wrote \(files.joined(separator: ", ")) to \(folder.path)")
        }
    }

    /// The change documents from the changes `integra compare` stored for the two runs.
    private func renderComparison(_ resultStore: ResultStore, to folder: URL) throws {
        let waves = try runIDs.map { try StoredWave(store: resultStore, runID: $0) }
        let kinds: [WaveChange.Samples] = paired ? [.paired] : [.independent, .paired]
        for samples in kinds {
            let changes = try resultStore.changes(before: runIDs[0], after: runIDs[1], samples: samples)
            guard !changes.isEmpty else { continue }
            var study = waves[1].study
            if let language { study.language = language }
            let comparison = ChangeReport(
                study: study, instrument: waves[1].instrument, before: waves[0].name, after: waves[1].name, samples: samples, changes: changes)
            let files = try ChangeFiles.write(comparison, to: folder, onlyLanguage: language)
            Terminal.note("integra: runs \(runIDs[0]) → \(runIDs[1]) (\(samples.rawValue) samples): wrote \(files.joined(separator: ", ")) to \(folder.path)")
            return
        }
        throw ComparisonError(
            "the store has no \(paired ? "panel " : "")comparison of runs \(runIDs[0]) and \(runIDs[1]) (in that order): make it with integra compare \(store) --run \(runIDs[0]) --run \(runIDs[1])\(paired ? " --paired" : "")")
    }
}

extension Language: ExpressibleByArgument {}
