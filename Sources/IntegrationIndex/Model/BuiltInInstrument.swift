import Foundation

/// An instrument compiled into integra, so a study can name it (`"instrument":
/// "integration-index-7"`) and run wherever its folder is copied, and an installed binary
/// needs no `Surveys/` folder. The texts are the files of `Surveys/`, byte for byte
/// (`Scripts/embed-instruments.sh`), so a built-in's SHA-256 is its file's.
public struct BuiltInInstrument: Sendable {
    public var name: String
    public var version: String
    /// The instrument file's exact text.
    public var text: String
    public var instrument: Instrument

    /// Every built-in instrument, in name order. Parsed once; a built-in that does not parse
    /// is a build defect that the tests catch.
    public static let all: [BuiltInInstrument] = texts.compactMap { file, text in
        guard let instrument = try? Instrument.parse(Data(text.utf8), source: "built-in \(file)") else { return nil }
        return BuiltInInstrument(name: instrument.name, version: instrument.version, text: text, instrument: instrument)
    }

    public static func named(_ name: String) -> BuiltInInstrument? { all.first { $0.name == name } }

    /// The built-in that `name` and, when given, `version` select: the version must be the
    /// built-in's or one of its leading parts (`1` or `1.0` select `1.0.0`).
    public static func resolve(name: String, version: String?, file: String, path: String) throws -> BuiltInInstrument {
        guard let builtIn = named(name) else {
            throw ConfigurationError(
                file: file, path: path,
                message: "no built-in instrument \"\(name)\" (built in: \(all.map(\.name).joined(separator: ", "))); a file needs a path ending in .json or .xlsx")
        }
        if let version {
            let wanted = version.split(separator: ".")
            let have = builtIn.version.split(separator: ".")
            guard wanted.count <= have.count, zip(wanted, have).allSatisfy({ $0 == $1 }) else {
                throw ConfigurationError(
                    file: file, path: path,
                    message: "this integra has \(name) version \(builtIn.version), not \(version): write \"\(name)@\(builtIn.version)\", or give the instrument's file")
            }
        }
        return builtIn
    }
}
