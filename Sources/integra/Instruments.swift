import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra instruments`: the instruments compiled into integra, one written out as a starting
/// point for a study's own, and an instrument made from the XLSForm a survey was fielded with.
struct Instruments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instruments",
        abstract: "List the built-in instruments, write one out, or make one from an XLSForm.",
        subcommands: [List.self, Show.self, FromXLSForm.self],
        defaultSubcommand: List.self,
        aliases: ["instrument"])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the instruments compiled into integra (name a study's \"instrument\" by them).")

        func run() throws {
            var lines = ["name                  version  dimensions  items  title"]
            for builtIn in BuiltInInstrument.all {
                let instrument = builtIn.instrument
                lines.append(
                    builtIn.name.padding(toLength: 22, withPad: " ", startingAt: 0) + builtIn.version.padding(toLength: 9, withPad: " ", startingAt: 0)
                        + String(instrument.dimensions.count).padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(instrument.items.count).padding(toLength: 7, withPad: " ", startingAt: 0) + instrument.title.en)
            }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Write a built-in instrument's JSON, to adapt it into a study's own instrument file.")

        @Argument(help: "A built-in instrument's name, optionally NAME@VERSION.") var name: String
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            try reportingErrors {
                guard case .builtIn(let name, let version) = InstrumentReference.parse(name, relativeTo: URL(fileURLWithPath: ".")) else {
                    throw ValidationError("\(name) is a path: give a built-in instrument's name (integra instruments lists them)")
                }
                let builtIn = try BuiltInInstrument.resolve(name: name, version: version, file: "integra instruments show", path: name)
                try writeText(builtIn.text, to: output)
            }
        }
    }
}

extension Instruments {
    struct FromXLSForm: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "from-xlsform",
            abstract: "Make an instrument JSON from the XLSForm a survey was fielded with.",
            discussion: """
                Questions with an integra::dimension column are scored as their integra:: columns say \
                (Docs/xlsform.md); a form without them is matched question by question against a \
                built-in instrument, by name or label. A study may also name the form itself as its \
                instrument.
                """)

        @Argument(help: "The XLSForm (.xlsx) with survey, choices and settings sheets.") var form: String
        @Option(help: "The built-in instrument to match a form without integra:: columns against.") var instrument: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            try reportingErrors {
                let built = try XLSForm.load(from: URL(fileURLWithPath: form)).instrument(matching: instrument)
                try writeText(built.jsonText(), to: output)
                Terminal.note("integra: \(built.name) \(built.version): \(built.dimensions.count) dimensions, \(built.items.count) items")
            }
        }
    }
}

/// Writes `text` to a file (reporting a failure as an output error), or to standard output.
func writeText(_ text: String, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        throw OutputError(path: path, reason: error.localizedDescription)
    }
    Terminal.note("integra: wrote \(path)")
}
