import ArgumentParser
import Foundation
import IntegrationIndex
import IntegrationStore

/// `integra run STUDY`: the whole job on one study, from the survey file to the tables and
/// the result store.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score every respondent, estimate every dimension for every group, write tables and store the run.",
        discussion: """
            Writes estimates.csv, respondents.csv, report.md, findings.csv and quarantine.csv to the \
            output folder (default: Reports/<name of the study's folder>) and records the run in \
            integra.sqlite there, or in --store. Exit codes: 0 done, 1 findings under --strict, \
            65 bad data, 66 missing input, 73 cannot write output, 78 bad instrument or study.
            """)

    @Argument(help: "The study file (study.json).") var study: String
    @Option(help: "Folder for the outputs.") var output: String?
    @Option(help: "SQLite result store (default: integra.sqlite in the output folder).") var store: String?
    @Flag(help: "Fail (exit 1) when any row is quarantined or any finding is recorded.") var strict = false

    func run() throws {
        try reportingErrors {
            let startedAt = Date()
            let studyURL = URL(fileURLWithPath: study)
            let study = try Study.load(from: studyURL)
            let instrument = try Instrument.load(from: study.instrumentURL)
            let instrumentHash = try SHA256Digest.hex(ofFileAt: study.instrumentURL)
            let outputURL = URL(fileURLWithPath: output ?? "Reports/\(studyURL.deletingLastPathComponent().standardizedFileURL.lastPathComponent)")
            do {
                try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: outputURL.path, reason: error.localizedDescription)
            }
            let storePath = store ?? outputURL.appendingPathComponent("integra.sqlite").path
            let resultStore: ResultStore
            do { resultStore = try ResultStore(path: storePath) } catch {
                throw OutputError(path: storePath, reason: "\(error)")
            }
            func metadata(dataHash: String?) -> RunMetadata {
                RunMetadata(
                    startedAt: startedAt, finishedAt: Date(), integraVersion: Integra.version, studyPath: studyURL.path,
                    studyTitle: study.title[study.language], language: study.language.rawValue, instrumentName: instrument.name,
                    instrumentVersion: instrument.version, instrumentSHA256: instrumentHash, dataPath: study.dataURL.path,
                    dataSHA256: dataHash)
            }

            let dataHash = try? SHA256Digest.hex(ofFileAt: study.dataURL)
            let result: StudyRun
            do {
                result = try StudyRun.execute(study: study, instrument: instrument)
            } catch {
                try? resultStore.recordFailure(metadata: metadata(dataHash: dataHash), message: "\(error)")
                throw error
            }

            let tables = OutputTables(run: result)
            let files: [(String, Data)] = [
                ("estimates.csv", Data(tables.estimatesCSV().bytes)),
                ("respondents.csv", Data(tables.respondentsCSV().bytes)),
                ("findings.csv", Data(tables.findingsCSV().bytes)),
                ("quarantine.csv", Data(tables.quarantineFile())),
                ("report.md", Data(MarkdownReport(run: result).render().utf8)),
            ]
            for (name, data) in files {
                let url = outputURL.appendingPathComponent(name)
                do { try data.write(to: url, options: .atomic) } catch {
                    throw OutputError(path: url.path, reason: error.localizedDescription)
                }
            }
            let runID = try resultStore.record(result, metadata: metadata(dataHash: dataHash))

            let ingest = result.ingest
            Terminal.note(
                "integra: run \(runID): \(ingest.rowsRead) rows read = \(ingest.rowsAccepted) accepted + \(ingest.rowsQuarantined) quarantined; \(result.findings.count) findings")
            for (column, rule, count) in tables.findingSummary().prefix(10) {
                Terminal.note("  \(count) × \(rule.rawValue) in \(column)")
            }
            Terminal.note("integra: wrote \(files.map(\.0).joined(separator: ", ")) to \(outputURL.path); run stored in \(storePath)")
            if strict && (ingest.rowsQuarantined > 0 || !result.findings.isEmpty) {
                Terminal.note("integra: --strict: \(ingest.rowsQuarantined) quarantined rows and \(result.findings.count) findings")
                throw ExitStatus.strictFindings
            }
        }
    }
}
