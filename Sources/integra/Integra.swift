import ArgumentParser

/// The `integra` command: survey CSV in, integration index tables out.
@main
struct Integra: ParsableCommand {
    static let version = "0.1.0"

    /// Every command names itself (`commandName`): a name left to ArgumentParser is made
    /// from the type's with `String(describing:)`, whose casts scan the protocol conformances
    /// of every loaded library (Foundation's are many) for each command type, 3.5 ms of every
    /// command's start (perf at 20 kHz: 214 → 144 samples in conformance scans).
    static let configuration = CommandConfiguration(
        commandName: "integra",
        abstract: "Computes a multidimensional migrant-integration index from survey data, with design-based estimates.",
        version: version,
        subcommands: [Run.self, Init.self, Check.self, Runs.self, Report.self, Inspect.self, Instruments.self, Simulate.self, Estimate.self, Compare.self])
}
