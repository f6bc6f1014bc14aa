import ArgumentParser
import Foundation
import IntegrationIndex
import IntegrationStore

/// The exit codes of the style guide, and the mapping of library errors onto them, so every
/// command fails the same way for the same cause.
enum ExitStatus {
    static let badUsage = ExitCode(64)
    static let badData = ExitCode(65)
    static let missingInput = ExitCode(66)
    static let cannotCreateOutput = ExitCode(73)
    static let badConfiguration = ExitCode(78)
    static let strictFindings = ExitCode(1)

    static func code(for error: Error) -> ExitCode {
        switch error {
        case let error as IngestError: error.kind == .notFound ? missingInput : badData
        case is ConfigurationError: badConfiguration
        case is DesignError: badData
        case is OutputError: cannotCreateOutput
        case is StoreError: badData
        case is InstrumentMismatch: badConfiguration
        case is ComparisonError: badData
        case is CalibrationError: badData
        default: ExitCode.failure
        }
    }
}

/// An output file or folder that could not be written.
struct OutputError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): cannot write: \(reason)" }
}

/// Prints to stderr: stdout carries data only.
enum Terminal {
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints where a command's time went, a stage a line (`--timings`, for the benchmarks).
    static func note(timings laps: [(stage: String, seconds: Double)]) {
        for (stage, seconds) in laps {
            note("  " + stage.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7.3f s", seconds))
        }
    }

    /// Prints the error with `integra:` and ends the command with the error's exit code.
    static func fail(_ error: Error) -> ExitCode {
        note("integra: error: \(error)")
        return ExitStatus.code(for: error)
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a library error into a message on stderr and its exit code.
    func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            throw Terminal.fail(error)
        }
    }
}
