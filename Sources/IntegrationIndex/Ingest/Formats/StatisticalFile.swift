import CReadStat
import Foundation

/// An SPSS `.sav` or Stata `.dta` file, read through the system's ReadStat library: its
/// variables with their labels and value labels, and its rows as text, one at a time.
/// National statistics offices deliver surveys this way; the value labels are the choice
/// labels and the variable labels the questions.
public enum StatisticalFile {
    public enum Format: Sendable { case spss, stata }

    public struct Variable: Sendable {
        public var name: String
        /// The variable's label (the question), empty when it has none.
        public var label: String
        /// Value → label, in the file's order (`1` → `Hombre`).
        public var valueLabels: [(value: String, label: String)]
        public var isNumeric: Bool
    }

    /// Reads the file: `header` gets the variable names before the first row, `row` every
    /// row as text in variable order (numbers as a person writes them, system-missing as an
    /// empty cell, a user-missing value such as 99 as itself, so an instrument's non-answer
    /// codes apply to it), and the result is every variable with its labels (a Stata file
    /// keeps its value labels after the data).
    @discardableResult
    public static func read(
        _ url: URL, format: Format, header: (([String]) throws -> Void)? = nil, row: ((_ index: Int, _ cells: [String]) throws -> Void)? = nil
    ) throws -> [Variable] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw IngestError(file: url.path, kind: .notFound, message: "no such file") }
        let context = Context(header: header, row: row)
        let parser = readstat_parser_init()
        // ReadStat keeps the encoding's name, not a copy of it: the text must outlive the parse
        // (a temporary one made "unsupported character set" errors appear at random).
        let handlerEncoding = strdup("UTF-8")
        defer {
            readstat_parser_free(parser)
            free(handlerEncoding)
        }
        readstat_set_handler_character_encoding(parser, handlerEncoding)
        readstat_set_variable_handler(parser) { index, variable, labelSet, context in
            let state = Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue()
            state.variables.append(Variable(
                name: String(cString: readstat_variable_get_name(variable)),
                label: readstat_variable_get_label(variable).map { String(cString: $0) } ?? "",
                valueLabels: [], isNumeric: readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_NUMERIC))
            state.labelSets.append(labelSet.map { String(cString: $0) })
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_value_label_handler(parser) { labelSet, value, label, context in
            let state = Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue()
            guard let labelSet, let label else { return Int32(READSTAT_HANDLER_OK) }
            state.valueLabels[String(cString: labelSet), default: []].append((StatisticalFile.text(of: value), String(cString: label)))
            return Int32(READSTAT_HANDLER_OK)
        }
        if row != nil {
            readstat_set_value_handler(parser) { observation, variable, value, context in
                let state = Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue()
                let index = Int(readstat_variable_get_index(variable))
                if Int(observation) != state.observation {
                    if state.observation < 0, !state.emitHeader() { return Int32(READSTAT_HANDLER_ABORT) }
                    if state.observation >= 0, !state.emitRow() { return Int32(READSTAT_HANDLER_ABORT) }
                    state.observation = Int(observation)
                    state.cells = Array(repeating: "", count: state.variables.count)
                }
                if index < state.cells.count { state.cells[index] = StatisticalFile.text(of: value) }
                return Int32(READSTAT_HANDLER_OK)
            }
        }
        readstat_set_error_handler(parser) { message, context in
            guard let message, let context else { return }
            Unmanaged<Context>.fromOpaque(context).takeUnretainedValue().libraryMessage = String(cString: message)
        }
        let pointer = Unmanaged.passUnretained(context).toOpaque()
        let status = url.withUnsafeFileSystemRepresentation { path in
            format == .spss ? readstat_parse_sav(parser, path, pointer) : readstat_parse_dta(parser, path, pointer)
        }
        if let error = context.bodyError { throw error }
        guard status == READSTAT_OK else {
            let reason = String(cString: readstat_error_message(status))
            let kind = format == .spss ? "an SPSS .sav" : "a Stata .dta"
            throw IngestError(file: url.path, kind: .unreadable, message: "cannot be read as \(kind) file: \(reason)\(context.libraryMessage.map { " (\($0))" } ?? "")")
        }
        var described = context.variables
        for index in described.indices {
            if let set = context.labelSets[index] { described[index].valueLabels = context.valueLabels[set] ?? [] }
        }
        if context.observation < 0, !context.emitHeader(), let error = context.bodyError { throw error }
        if context.observation >= 0, !context.emitRow(), let error = context.bodyError { throw error }
        return described
    }

    /// A value as text: numbers as a person writes them, missing as empty.
    static func text(of value: readstat_value_t) -> String {
        if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
            return readstat_string_value(value).map { String(cString: $0) } ?? ""
        }
        if readstat_value_is_system_missing(value) != 0 || readstat_value_is_tagged_missing(value) != 0 { return "" }
        let number = readstat_double_value(value)
        return number.isFinite ? number.formatted : ""
    }

    /// What the C callbacks share: a class so they can reach it through ReadStat's context
    /// pointer.
    private final class Context {
        var variables: [Variable] = []
        var labelSets: [String?] = []
        var valueLabels: [String: [(String, String)]] = [:]
        var observation = -1
        var cells: [String] = []
        var header: (([String]) throws -> Void)?
        var row: ((Int, [String]) throws -> Void)?
        var bodyError: Error?
        var libraryMessage: String?

        init(header: (([String]) throws -> Void)?, row: ((Int, [String]) throws -> Void)?) {
            self.header = header
            self.row = row
        }

        func emitHeader() -> Bool {
            do { try header?(variables.map(\.name)) } catch {
                bodyError = error
                return false
            }
            return true
        }

        /// Hands the collected row on; false when the caller failed (its error is kept).
        func emitRow() -> Bool {
            do { try row?(observation, cells) } catch {
                bodyError = error
                return false
            }
            return true
        }
    }
}
