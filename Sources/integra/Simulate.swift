import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra simulate`: a realistic survey file for a study, reproducible from its seed.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a simulated survey for a study's instrument and design.",
        discussion: "The file has the study's columns, design and known group effects (the study's \"simulation\" section).")

    @Option(help: "The study file.") var study: String
    @Option(help: "How many respondents.") var respondents: Int
    @Option(help: "Random seed: the same seed gives the same file.") var seed: UInt64 = 1
    @Option(help: "Where to write the CSV (default: the study's data file).") var output: String?

    func validate() throws {
        guard respondents > 0 else { throw ValidationError("--respondents must be positive") }
    }

    func run() throws {
        try reportingErrors {
            let study = try Study.load(from: URL(fileURLWithPath: self.study))
            let instrument = try Instrument.load(from: study.instrumentURL)
            let url = output.map { URL(fileURLWithPath: $0) } ?? study.dataURL
            do {
                try SurveySimulator(study: study, instrument: instrument).write(respondents: respondents, seed: seed, to: url)
            } catch {
                throw OutputError(path: url.path, reason: error.localizedDescription)
            }
            Terminal.note("integra: wrote \(respondents) simulated respondents to \(url.path)")
        }
    }
}
