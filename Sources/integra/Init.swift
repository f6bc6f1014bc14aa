import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra init DATA`: drafts a study (and, from a form, its instrument) that a user reviews
/// instead of writing.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Draft a study file from the survey data and the form it was fielded with.",
        discussion: """
            Detects the id, weight, strata, PSU and fpc columns, matches every question to a \
            column, proposes groups (sex, age, nationality, time in the country, migratory status, \
            province) with their labels, headline proportions and the report language, and says \
            how it decided each. What it cannot settle is listed under "$todo" in the study: \
            integra check shows it. Writes study.json (and instrument.json from a form) to --output.
            """)

    @Argument(help: "The survey data: CSV (KoboToolbox, ODK…), .xlsx, SPSS .sav or Stata .dta.") var data: String
    @Option(help: "The XLSForm (.xlsx) the survey was fielded with.") var form: String?
    @Option(help: "A built-in instrument (integra instruments lists them), or with --form the one to match the form against.") var instrument: String?
    @Option(help: "The sheet of an .xlsx data file (default: the first).") var sheet: String?
    @Option(help: "Folder to write study.json in.") var output: String = "."
    @Flag(help: "Replace a study.json that is already there.") var force = false

    func run() throws {
        try reportingErrors {
            let folder = URL(fileURLWithPath: output).standardizedFileURL
            let studyURL = folder.appendingPathComponent("study.json")
            if FileManager.default.fileExists(atPath: studyURL.path) && !force {
                throw OutputError(path: studyURL.path, reason: "it exists already: review it, or give --force to draft it again")
            }
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw OutputError(path: folder.path, reason: error.localizedDescription)
            }
            let draft = try StudyDraft.make(
                data: URL(fileURLWithPath: data), sheet: sheet, form: form.map { URL(fileURLWithPath: $0) }, instrumentName: instrument,
                folder: folder)
            if let instrument = draft.instrument {
                try writeText(instrument.jsonText(), to: folder.appendingPathComponent(StudyDraft.instrumentFile).path)
            }
            try writeText(draft.study.text, to: studyURL.path)
            for note in draft.notes { Terminal.note("  " + note) }
            if draft.todos.isEmpty {
                Terminal.note("integra: nothing left to decide; next: integra check \(studyURL.path)")
            } else {
                Terminal.note("integra: \(draft.todos.count) to decide (under \"$todo\" in the study):")
                for todo in draft.todos { Terminal.note("  TODO " + todo) }
                Terminal.note("integra: next: integra check \(studyURL.path)")
            }
        }
    }
}
