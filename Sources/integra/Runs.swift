import ArgumentParser
struct Runs: ParsableCommand {
    func run() throws {}
}
