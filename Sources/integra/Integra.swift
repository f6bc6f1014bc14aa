import ArgumentParser

/// The `integra` command: survey CSV in, integration index tables out.
@main
struct Integra: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        abstract: "Computes a multidimensional migrant-integration index from survey data, with design-based estimates.",
        version: version,
        subcommands: [Run.self, Init.self, Check.self, Runs.self, Report.self, Inspect.self, Instruments.self, Simulate.self, Estimate.self, Compare.self])
}
