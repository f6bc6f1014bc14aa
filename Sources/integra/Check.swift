import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra check STUDY`: everything a run would find, before it runs; nothing is written.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a study, its instrument and its data together, writing nothing.",
        discussion: """
            Lists every column the study needs that the file lacks, design problems (strata with \
            a single PSU, PSUs in two strata, fpc smaller than the PSUs), answers the instrument \
            does not know with their counts, quarantined rows, groups too small to publish, and \
            the "$todo" notes of a drafted study. Exits 0 only when integra run would succeed, \
            with the exit code of run's error otherwise.
            """)

    @Argument(help: "The study file (study.json).") var study: String

    func run() throws {
        let check = StudyCheck.check(studyAt: URL(fileURLWithPath: study))
        var lines = ["Study        \(study)"] + check.lines
        if !check.todos.isEmpty {
            lines += ["", "To decide (\"$todo\" in the study; remove each once settled):"] + check.todos.map { "  TODO " + $0 }
        }
        if !check.warnings.isEmpty {
            lines += ["", "Warnings (the run goes on):"] + check.warnings.map { "  " + $0 }
        }
        if !check.problems.isEmpty {
            lines += ["", "Problems (the run would stop):"] + check.problems.map { "  " + $0 }
        }
        lines += ["", check.error == nil ? "integra run would succeed." : "integra run would fail: fix the problems above."]
        print(lines.joined(separator: "\n"))
        if let error = check.error { throw ExitStatus.code(for: error) }
    }
}
