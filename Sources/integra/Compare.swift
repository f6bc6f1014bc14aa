import ArgumentParser
import Foundation
import IntegrationIndex
import IntegrationStore

/// `integra compare`: what changed between two waves of a survey, for every indicator and
/// group, from two runs of a store or from two studies.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The change of every estimate between two waves, with its SE, interval and test.",
        discussion: """
            Give a store and two of its runs (--run, the earlier wave first), or two studies (--before, --after). \
            The waves must use the same instrument (name and major version). Without --paired the samples are taken \
            as independent (V_A + V_B, from the published estimates; a stored run needs no survey file). With --paired \
            the respondents are linked by their id and the change is estimated on the pairs, in the later wave's design \
            (stored runs are re-read from their survey files, which must be unchanged). Writes change.csv, change.md, \
            change.xlsx and change.html (and change.<language>.html in the other report language); a store keeps the \
            changes, and integra report --store with the two runs renders them again.
            """)

    @Argument(help: "A result store holding both runs.") var store: String?
    @Option(name: .customLong("run"), help: "A run of the store; twice, the earlier wave first.") var runs: [Int64] = []
    @Option(help: "The earlier wave's study file (instead of a store).") var before: String?
    @Option(help: "The later wave's study file.") var after: String?
    @Flag(help: "A panel: the same respondents in both waves, linked by respondent id.") var paired = false
    @Option(help: "Folder for the outputs (default: the store's folder, or the later study's report folder).") var output: String?

    func validate() throws {
        if store != nil {
            guard runs.count == 2, before == nil, after == nil else {
                throw ValidationError("with a store, give --run twice (the earlier wave first) and no --before/--after")
            }
        } else {
            guard before != nil, after != nil, runs.isEmpty else {
                throw ValidationError("give a store with --run twice, or --before and --after study files")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            let samples: WaveChange.Samples = paired ? .paired : .independent
            let comparison: ChangeReport
            let folder: URL
            if let store {
                guard FileManager.default.fileExists(atPath: store) else {
                    Terminal.note("integra: error: \(store): no such store")
                    throw ExitStatus.missingInput
                }
                let resultStore = try ResultStore(path: store)
                let waves = try runs.map { try StoredWave(store: resultStore, runID: $0) }
                try InstrumentMismatch.check(waves[0].instrument, waves[1].instrument)
                let changes: [WaveChange]
                if paired {
                    changes = try WaveComparison.paired(before: waves[0].rerun(), after: waves[1].rerun())
                } else {
                    changes = WaveComparison.independent(
                        before: try resultStore.indexEstimates(runID: runs[0]), after: try resultStore.indexEstimates(runID: runs[1]),
                        adjustment: waves[1].study.multipleComparisons)
                }
                try resultStore.recordChanges(changes, before: runs[0], after: runs[1], samples: samples)
                comparison = ChangeReport(
                    study: waves[1].study, instrument: waves[1].instrument, before: waves[0].name, after: waves[1].name, samples: samples,
                    changes: changes)
                folder = URL(fileURLWithPath: output ?? URL(fileURLWithPath: store).deletingLastPathComponent().path)
            } else {
                let studies = try [before!, after!].map { path -> (study: Study, instrument: Instrument) in
                    let study = try Study.load(from: URL(fileURLWithPath: path))
                    return (study, try study.loadInstrument().instrument)
                }
                try InstrumentMismatch.check(studies[0].instrument, studies[1].instrument)
                let results = try studies.map { try StudyRun.execute(study: $0.study, instrument: $0.instrument) }
                let changes =
                    paired
                    ? try WaveComparison.paired(before: results[0], after: results[1])
                    : WaveComparison.independent(
                        before: results[0].estimates, after: results[1].estimates, adjustment: studies[1].study.multipleComparisons)
                comparison = ChangeReport(
                    study: studies[1].study, instrument: studies[1].instrument, before: studies[0].study.title,
                    after: studies[1].study.title, samples: samples, changes: changes)
                let afterURL = URL(fileURLWithPath: after!)
                folder = URL(fileURLWithPath: output ?? "Reports/\(afterURL.deletingLastPathComponent().standardizedFileURL.lastPathComponent)")
            }
            let written = try ChangeFiles.write(comparison, to: folder)
            summarize(comparison)
            Terminal.note("integra: wrote \(written.joined(separator: ", ")) to \(folder.path)")
        }
    }

    /// The population's changes on the terminal, and how many group changes are significant.
    private func summarize(_ comparison: ChangeReport) {
        let language = comparison.study.language
        Terminal.note("integra: \(comparison.before[language]) → \(comparison.after[language]) (\(comparison.samples.rawValue) samples)")
        for change in comparison.changes where change.groupKey.isEmpty && !change.indicator.contains("@") {
            guard let value = change.change, let se = change.standardError else { continue }
            let name = comparison.indicatorName(change.indicator, language: language)
            Terminal.note(
                "  " + name.padding(toLength: 34, withPad: " ", startingAt: 0)
                    + String(format: "%+7.2f (SE %.2f)", value, se) + (change.isSignificant ? " *" : ""))
        }
        let groups = comparison.changes.filter { !$0.groupKey.isEmpty }
        Terminal.note("  \(groups.filter(\.isSignificant).count) of \(groups.filter { $0.pValue != nil }.count) group changes significant after \(comparison.study.multipleComparisons.rawValue) adjustment")
    }
}
