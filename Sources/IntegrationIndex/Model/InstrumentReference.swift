import Foundation

/// Where a study's instrument comes from: one compiled into integra, named with an optional
/// version (`integration-index-7@1.0.0`), or a file beside the study: an instrument JSON or
/// the XLSForm the survey was fielded with.
public enum InstrumentReference: Sendable, Equatable {
    case builtIn(name: String, version: String?)
    case file(URL)

    /// Reads the study's `"instrument"` value: a path (it has a `/` or ends in `.json`,
    /// `.xlsx`) resolves against the study's folder; anything else names a built-in.
    public static func parse(_ text: String, relativeTo folder: URL) -> InstrumentReference {
        let lowered = text.lowercased()
        if text.contains("/") || lowered.hasSuffix(".json") || lowered.hasSuffix(".xlsx") {
            return .file(text.hasPrefix("/") ? URL(fileURLWithPath: text) : folder.appendingPathComponent(text).standardizedFileURL)
        }
        guard let at = text.lastIndex(of: "@") else { return .builtIn(name: text, version: nil) }
        return .builtIn(name: String(text[..<at]), version: String(text[text.index(after: at)...]))
    }

    /// The file, for a file reference.
    public var url: URL? {
        if case .file(let url) = self { return url }
        return nil
    }

    /// Loads and validates the instrument. `file` and `path` locate the reference in the
    /// study, for errors.
    public func load(file: String = "study", path: String = "$.instrument") throws -> LoadedInstrument {
        switch self {
        case .builtIn(let name, let version):
            let builtIn = try BuiltInInstrument.resolve(name: name, version: version, file: file, path: path)
            let text = Data(builtIn.text.utf8)
            return LoadedInstrument(instrument: builtIn.instrument, json: builtIn.text, sha256: SHA256Digest.hex(of: text), origin: "built-in \(name)")
        case .file(let url):
            if url.pathExtension.lowercased() == "xlsx" {
                let instrument = try XLSForm.load(from: url).instrument()
                return LoadedInstrument(instrument: instrument, json: instrument.jsonText(), sha256: try SHA256Digest.hex(ofFileAt: url), origin: url.path)
            }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ConfigurationError(file: url.path, path: "$", message: "cannot read the instrument file")
            }
            return LoadedInstrument(
                instrument: try Instrument.parse(data, source: url.path), json: String(decoding: data, as: UTF8.self),
                sha256: SHA256Digest.hex(of: data), origin: url.path)
        }
    }
}

/// An instrument with what a run records of it: its definition as JSON (so a stored run can
/// be rendered again without any file) and the SHA-256 of the file it came from.
public struct LoadedInstrument: Sendable {
    public var instrument: Instrument
    public var json: String
    public var sha256: String
    /// `built-in NAME` or the file's path, for messages.
    public var origin: String
}

extension Study {
    /// The study's instrument, loaded and validated; errors name the study file.
    public func loadInstrument() throws -> LoadedInstrument {
        try instrument.load(file: studyURL.path)
    }
}
