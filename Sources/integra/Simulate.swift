import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra simulate`: a realistic survey file for a study, reproducible from its seed.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a simulated survey for a study's instrument and design.",
        discussion: "The file has the study's columns, design and known group effects (the study's \"simulation\" section).")

    @Option(help: "The study file.") var study: String
    @Option(help: "How many respondents.") var respondents: Int
    @Option(help: "Random seed: the same seed gives the same file.") var seed: UInt64 = 1
    @Option(help: "Seed of the population (PSUs, their sizes and effects): the same population seed with another --seed is a new wave of the same survey (default: --seed).")
    var populationSeed: UInt64?
    @Option(help: "Where to write the CSV (default: the study's data file).") var output: String?
    @Option(help: "Share of rows given a field-data problem (default: the study's simulation.defectRate).") var defectRate: Double?

    func validate() throws {
        guard respondents > 0 else { throw ValidationError("--respondents must be positive") }
        if let defectRate, !(0...0.5).contains(defectRate) { throw ValidationError("--defect-rate must be between 0 and 0.5") }
    }

    func run() throws {
        try reportingErrors {
            var study = try Study.load(from: URL(fileURLWithPath: self.study))
            if let defectRate {
                study.simulation = study.simulation ?? SurveySimulator.defaultSettings
                study.simulation?.defectRate = defectRate
            }
            let instrument = try study.loadInstrument().instrument
            let url = output.map { URL(fileURLWithPath: $0) } ?? study.dataURL
            do {
                try SurveySimulator(study: study, instrument: instrument).write(respondents: respondents, seed: seed, populationSeed: populationSeed, to: url)
            } catch {
                throw OutputError(path: url.path, reason: error.localizedDescription)
            }
            Terminal.note("integra: wrote \(respondents) simulated respondents to \(url.path)")
        }
    }
}
