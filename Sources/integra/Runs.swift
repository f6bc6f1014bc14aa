import ArgumentParser
import Foundation
import IntegrationStore

/// `integra runs --store PATH`: what a store holds, one line per run.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List the runs recorded in a result store.")

    @Option(help: "The SQLite result store.") var store: String

    func run() throws {
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: store) else {
                Terminal.note("integra: error: \(store): no such store")
                throw ExitStatus.missingInput
            }
            let runs = try ResultStore(path: store).runs()
            let header = ["id", "started", "status", "study", "instrument", "read", "accepted", "quarantined", "findings", "data_sha256"]
            let rows = runs.map { run in
                [
                    String(run.id ?? 0), run.startedAt, run.status.rawValue, run.studyTitle, "\(run.instrumentName) \(run.instrumentVersion)",
                    String(run.rowsRead), String(run.rowsAccepted), String(run.rowsQuarantined), String(run.findings),
                    String((run.dataSHA256 ?? "").prefix(12)),
                ]
            }
            let all = [header] + rows
            let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
            for row in all {
                print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
            for run in runs where run.status == .failed {
                Terminal.note("run \(run.id ?? 0) failed: \(run.message ?? "")")
            }
        }
    }
}
