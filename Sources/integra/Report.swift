import ArgumentParser
import Foundation
import IntegrationIndex
import IntegrationStore

/// `integra report --store PATH`: the documents of a stored run, made again from the store
/// alone (in another language, after a new version of integra) without the survey file.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the reports of a stored run again, without reading the survey data.",
        discussion: "Writes report.md, report.html and report.xlsx (and, without --language, the page in every report language).")

    @Option(help: "The SQLite result store.") var store: String
    @Option(name: .customLong("run"), help: "The run to render (default: the newest completed run).") var runID: Int64?
    @Option(help: "es or en (default: the study's language).") var language: Language?
    @Option(help: "Folder for the reports (default: the store's folder).") var output: String?

    func run() throws {
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: store) else {
                Terminal.note("integra: error: \(store): no such store")
                throw ExitStatus.missingInput
            }
            let resultStore = try ResultStore(path: store)
            guard let runID = try runID ?? resultStore.latestCompletedRun() else {
                Terminal.note("integra: error: \(store): no completed run to report")
                throw ExitStatus.missingInput
            }
            let report = try resultStore.reportData(runID: runID, language: language)
            let folder = URL(fileURLWithPath: output ?? URL(fileURLWithPath: store).deletingLastPathComponent().path)
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw OutputError(path: folder.path, reason: error.localizedDescription)
            }
            let files = try ReportFiles.write(report, to: folder, onlyLanguage: language != nil)
            Terminal.note("integra: run \(runID): wrote \(files.joined(separator: ", ")) to \(folder.path)")
        }
    }
}

extension Language: ExpressibleByArgument {}
