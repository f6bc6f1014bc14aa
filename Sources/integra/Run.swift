import ArgumentParser
#if os(Linux)
import CGlibcMalloc
#endif
import Foundation
import IntegrationIndex
import IntegrationStore

/// `integra run STUDY`: the whole job on one study, from the survey file to the tables and
/// the result store.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Score every respondent, estimate every dimension for every group, write tables and store the run.",
        discussion: """
            Writes estimates.csv, respondents.csv, findings.csv, quarantine.csv, report.md, report.html \
            (and report.<language>.html in the other report languages) and report.xlsx to the \
            output folder (default: Reports/<name of the study's folder>) and records the run in \
            integra.sqlite there, or in --store. Exit codes: 0 done, 1 findings under --strict, \
            65 bad data, 66 missing input, 73 cannot write output, 78 bad instrument or study.
            """)

    @Argument(help: "The study file (study.json).") var study: String
    @Option(help: "Folder for the outputs.") var output: String?
    @Option(help: "SQLite result store (default: integra.sqlite in the output folder).") var store: String?
    @Option(help: "Read this survey file instead of the study's (a new wave, a benchmark file).") var data: String?
    @Flag(help: "Fail (exit 1) when any row is quarantined or any finding is recorded.") var strict = false
    @Flag(help: .hidden) var timings = false

    func run() throws {
        try reportingErrors {
            let startedAt = Date()
            let studyURL = URL(fileURLWithPath: study)
            var study = try Study.load(from: studyURL)
            if let data { study.dataURL = URL(fileURLWithPath: data) }
            let loaded = try study.loadInstrument()
            let instrument = loaded.instrument
            // Kept in the store so the run can be re-rendered without the files.
            let studyText = (try? String(contentsOf: studyURL, encoding: .utf8)) ?? "{}"
            let outputURL = URL(fileURLWithPath: output ?? "Reports/\(studyURL.deletingLastPathComponent().standardizedFileURL.lastPathComponent)")
            do {
                try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: outputURL.path, reason: error.localizedDescription)
            }
            let storePath = store ?? outputURL.appendingPathComponent("integra.sqlite").path
            // The store is opened while the pipeline runs: a new store's schema is a dozen
            // transactions, each waiting for the disk (25 ms with both cores idle, before
            // ingest could start). It is waited for before anything is stored, and its error
            // still comes first, as when it was opened first.
            let opening = Background { try ResultStore(path: storePath) }
            func openedStore() throws -> ResultStore {
                do { return try opening.wait() } catch {
                    throw OutputError(path: storePath, reason: "\(error)")
                }
            }
            func metadata(dataHash: String?) -> RunMetadata {
                RunMetadata(
                    startedAt: startedAt, finishedAt: Date(), integraVersion: Integra.version, studyPath: studyURL.path,
                    studyTitle: study.title[study.language], language: study.language.rawValue, instrumentName: instrument.name,
                    instrumentVersion: instrument.version, instrumentSHA256: loaded.sha256, dataPath: study.dataURL.path,
                    dataSHA256: dataHash, studyJSON: studyText, instrumentJSON: loaded.json)
            }

            var clock = StageClock()
            // The data file's digest is computed on another core while the pipeline reads it.
            let hashing = DigestInBackground(of: study.dataURL)
            var scored: ScoredRun
            do {
                scored = try ScoredRun.score(study: study, instrument: instrument)
            } catch {
                let resultStore = try openedStore()
                let dataHash = hashing.wait()
                _ = try? resultStore.recordFailure(metadata: metadata(dataHash: dataHash), message: "\(error)")
                throw error
            }
            // The estimates and the outputs need the scores, not the survey's columns: letting
            // the columns go before the outputs' buffers are made keeps the peak of memory down.
            scored.ingest.table.categorical.removeAll()
            scored.ingest.table.numeric.removeAll()
            #if os(Linux)
            // glibc keeps freed heap memory for reuse (arrays of a few megabytes come from
            // its heap once larger ones were freed): given back here, the rest of the run
            // starts from what it needs, 30 MiB less at the peak of a 1M run.
            malloc_trim(0)
            #endif
            clock.lap("scored")
            let resultStore = try openedStore()
            // The respondents' outputs, two hundred megabytes at a million respondents, need
            // only the scores: the store's transaction and respondents.csv begin now, on
            // threads of their own, so that the disk writes them while the estimates are
            // made (here, on both cores), not after. The store waits for the rest of the run.
            let rest = Handoff<(run: StudyRun, metadata: RunMetadata)>()
            let firstMetadata = metadata(dataHash: nil)
            let storing = Background { [scored] in try resultStore.record(scored, metadata: firstMetadata, finishing: { rest.wait() }) }
            let respondentsURL = outputURL.appendingPathComponent("respondents.csv")
            // respondents.csv at the lowest priority, on what the estimation and the store leave
            // idle. The store is the longest chain of work after scoring (one SQLite connection
            // writing a hundred megabytes); at the file's priority it shared the two cores with
            // the file and the estimation while the estimates were made, then finished alone
            // with a core idle (0.2 s at a million rows). Now the store keeps pace, and the
            // file, which needs no more of the run than the scores, fills what is left: 0.79 →
            // 0.73 s from scored to stored (means of four sets of 9–15 interleaved runs).
            let respondentsFile = Background(atLowestPriority: true) { [scored] in
                try OutputFile.write(to: respondentsURL) { file in try RespondentsTable(run: scored).write(file.write(room:_:)) }
            }
            let result = scored.estimated()
            #if os(Linux)
            // What the estimation let go, given back before the reports are made beside the store.
            malloc_trim(0)
            #endif
            clock.lap("estimated")
            let dataHash = hashing.wait()
            clock.lap("waiting for SHA-256")
            rest.give((result, metadata(dataHash: dataHash)))
            let tables = OutputTables(run: result)
            let report = ReportData(run: result, date: startedAt)
            // The reports are written on other threads while the tables are made here.
            let reporting = Background { try ReportFiles.write(report, to: outputURL) }
            let files: [(String, [UInt8])] = [
                ("estimates.csv", tables.estimatesCSV().bytes),
                ("findings.csv", tables.findingsCSV().bytes),
                ("quarantine.csv", tables.quarantineFile()),
            ]
            var written = ["estimates.csv", "respondents.csv", "findings.csv", "quarantine.csv"]
            do {
                for (name, bytes) in files { try OutputFile.write(bytes, to: outputURL.appendingPathComponent(name)) }
                try respondentsFile.wait()
                written += try reporting.wait()
            } catch {
                // Nothing goes on writing after a failure, and the store must not call a run
                // complete whose files could not be written.
                _ = try? respondentsFile.wait()
                _ = try? reporting.wait()
                if let runID = try? storing.wait() { try? resultStore.markFailed(runID: runID, message: "\(error)") }
                throw error
            }
            clock.lap("output files")
            let runID = try storing.wait()
            clock.lap("store (rest)")
            if timings { Terminal.note(timings: clock.laps + result.timings) }

            let ingest = result.ingest
            Terminal.note(
                "integra: run \(runID): \(ingest.rowsRead) rows read = \(ingest.rowsAccepted) accepted + \(ingest.rowsQuarantined) quarantined; \(result.findings.count) findings")
            for (column, rule, count) in report.quality.findings.prefix(10) {
                Terminal.note("  \(count) × \(rule.rawValue) in \(column.isEmpty ? "the file" : column)")
            }
            Terminal.note("integra: wrote \(written.joined(separator: ", ")) to \(outputURL.path); run stored in \(storePath)")
            if strict && (ingest.rowsQuarantined > 0 || !result.findings.isEmpty) {
                Terminal.note("integra: --strict: \(ingest.rowsQuarantined) quarantined rows and \(result.findings.count) findings")
                throw ExitStatus.strictFindings
            }
        }
    }
}
