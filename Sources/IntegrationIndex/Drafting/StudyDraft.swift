import Foundation

/// A study file drafted from the data and, when there is one, the form it was fielded with:
/// what `integra init` writes for a user to review rather than to write. Every decision is
/// explained in `notes`; what could not be settled is in `todos` and in the file's `"$todo"`
/// list, which `integra check` shows until the user removes it.
public struct StudyDraft: Sendable {
    /// The study file's text.
    public var study: JSONDocument
    /// The instrument made from the form, written beside the study as `instrument.json`;
    /// `nil` when the study names a built-in.
    public var instrument: Instrument?
    public var notes: [String]
    public var todos: [String]

    public static let instrumentFile = "instrument.json"

    /// Drafts a study for `data` to be written in `folder`. `formURL` is the XLSForm; without
    /// one, `instrumentName` names a built-in, or the built-in whose questions the file's
    /// columns match best is taken.
    public static func make(data: URL, sheet: String? = nil, form formURL: URL? = nil, instrumentName: String? = nil, folder: URL) throws -> StudyDraft {
        let form = try formURL.map { try XLSForm.load(from: $0) }
        var columns = try DataColumns.read(data, sheet: sheet)
        if let form { columns.describe(with: form) }
        var notes: [String] = []
        var todos: [(path: String, text: String)] = []

        // The instrument: the form's, a named built-in, or the built-in the columns match.
        let header = columns.columns.map(\.header)
        let matcher = ColumnMatcher(header: header)
        let instrument: Instrument
        let reference: String
        if let form {
            instrument = try form.instrument(matching: instrumentName)
            reference = instrumentFile
            notes.append("instrument: \(instrument.name) \(instrument.version) from \(formURL!.lastPathComponent) (\(instrument.items.count) items), written to \(instrumentFile)")
        } else if let instrumentName {
            guard case .builtIn(let name, let version) = InstrumentReference.parse(instrumentName, relativeTo: folder) else {
                let loaded = try InstrumentReference.parse(instrumentName, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).load(file: "--instrument")
                instrument = loaded.instrument
                reference = relativePath(from: folder, to: URL(fileURLWithPath: loaded.origin))
                notes.append("instrument: \(instrument.name) from \(loaded.origin)")
                return try finish()
            }
            instrument = try BuiltInInstrument.resolve(name: name, version: version, file: "--instrument", path: instrumentName).instrument
            reference = instrumentName
            notes.append("instrument: the built-in \(instrumentName)")
        } else {
            func found(_ builtIn: BuiltInInstrument) -> Int {
                builtIn.instrument.items.filter { if case .success = matcher.match($0.column, labels: [$0.labels.es, $0.labels.en]) { true } else { false } }.count
            }
            guard let best = BuiltInInstrument.all.max(by: { found($0) < found($1) }), found(best) * 2 >= best.instrument.items.count else {
                throw ConfigurationError(
                    file: data.path, path: "header",
                    message: "the columns match no built-in instrument (\(BuiltInInstrument.all.map(\.name).joined(separator: ", "))): give the form with --form, or an instrument with --instrument")
            }
            instrument = best.instrument
            reference = best.name
            notes.append("instrument: the built-in \(best.name), \(found(best)) of its \(best.instrument.items.count) questions found in the file")
        }
        return try finish()

        func finish() throws -> StudyDraft {
            // Every column the instrument reads, found as the reader will find it, or mapped.
            var mapping: [(String, JSONDocument)] = []
            var used = Set<String>()
            /// The file's header for each needed column, however it was found.
            var headerOf: [String: String] = [:]
            func formLabels(_ name: String) -> [String] { form.flatMap { form in form.question(named: name).map { form.allLabels($0.labels) } } ?? [] }
            var needed: [(name: String, labels: [String])] = instrument.items.map { ($0.column, [$0.labels.es, $0.labels.en]) }
            for item in instrument.items {
                if let routing = item.routing, !needed.contains(where: { $0.name == routing.column }) {
                    needed.append((routing.column, routing.labels.map { [$0.es, $0.en] } ?? []))
                }
            }
            for (name, labels) in needed {
                var header: String?
                // A column the reader finds by itself needs no mapping.
                var foundByReader = false
                if case .success(let match) = matcher.match(name, labels: labels) {
                    header = match.header
                    foundByReader = true
                } else if case .success(let match) = matcher.match(name, labels: labels + formLabels(name)) {
                    header = match.header
                    notes.append("column \(name): \"\(match.header)\", by the form's label")
                } else if let described = columns.columns.first(where: { column in
                    column.descriptions.dropFirst(2).contains { text in labels.contains { $0.labelKey == text.labelKey } }
                }) {
                    header = described.header
                    notes.append("column \(name): \"\(described.header)\", by its variable label")
                }
                guard let header else {
                    todos.append(("$.columns", "\(name) is not in the file by name, group path or label: name its header in \"columns\": {\"\(name)\": \"…\"}"))
                    continue
                }
                if !foundByReader { mapping.append((name, .string(header))) }
                headerOf[name] = header
                used.insert(header)
            }
            let design = DesignDetection(columns, excluding: used)
            notes += design.notes
            todos += design.todos
            let designColumns = Set([design.id, design.weight, design.psu, design.fpc].compactMap { $0 })
            let groups = GroupProposal(columns, excluding: used.union(designColumns))
            notes += groups.notes
            todos += groups.todos

            // Parameters items divide by: from the form's settings, else the data's own median.
            var parameters: [(String, JSONDocument)] = []
            for item in instrument.items {
                guard case .bins(_, let relativeTo?, _) = item.scale, !parameters.contains(where: { $0.0 == relativeTo }) else { continue }
                if let text = form?.settings["integra::parameter::\(relativeTo.lowercased())"], let value = Double(text) {
                    parameters.append((relativeTo, .number(value)))
                    notes.append("parameter \(relativeTo): \(text), from the form's settings")
                    continue
                }
                let median = headerOf[item.column].flatMap { columns.column($0) }.map { column in
                    weightedMedian(column, weights: design.weight.flatMap { columns.column($0) }, rows: columns.rows)
                } ?? 1
                parameters.append((relativeTo, .number(median)))
                todos.append(("$.parameters.\(relativeTo)", "\(item.column) is scored relative to \(relativeTo), set here to the survey's own weighted median (\(median.formatted)): replace it with the national figure"))
            }

            // Headlines: the yes/no questions of the intentions dimension.
            var headlines: [JSONDocument] = []
            for dimension in instrument.dimensions where dimension.key.labelKey.range(of: "intention|intenc", options: .regularExpression) != nil {
                for item in dimension.items {
                    guard item.codes.count == 2, let yes = item.codes.first(where: { ["si", "yes"].contains($0.labels.es.labelKey) || ["si", "yes"].contains($0.labels.en.labelKey) }) else { continue }
                    let labels = LocalizedText(es: headlineText(item.labels.es), en: headlineText(item.labels.en))
                    headlines.append(.object([("key", .string(item.column)), ("labels", labels.json), ("column", .string(item.column)), ("yes", .array([.string(yes.code)]))]))
                    notes.append("headline: share answering \"\(yes.labels.es)\" to \(item.column)")
                }
            }

            let language = form?.reportLanguage ?? .es
            let title = form?.settings["form_title"] ?? data.deletingPathExtension().lastPathComponent
            var designMembers: [(String, JSONDocument)] = []
            if let weight = design.weight { designMembers.append(("weight", .string(weight))) }
            if let strata = design.strata { designMembers.append(("strata", .string(strata))) }
            if let psu = design.psu { designMembers.append(("psu", .string(psu))) }
            if let fpc = design.fpc { designMembers.append(("fpc", .string(fpc))) }
            if design.nest { designMembers.append(("nest", .bool(true))) }
            designMembers.append(("lonelyPSU", .string(design.lonelyPSU.rawValue)))

            var members: [(String, JSONDocument)] = []
            if !todos.isEmpty { members.append(("$todo", .array(todos.map { .string("\($0.path): \($0.text)") }))) }
            members.append(("title", .string(title)))
            members.append(("data", .string(relativePath(from: folder, to: data))))
            if let sheet { members.append(("sheet", .string(sheet))) }
            if let id = design.id, !design.idIsPlatformDefault { members.append(("id", .string(id))) }
            members.append(("instrument", .string(reference)))
            members.append(("language", .string(language.rawValue)))
            if !parameters.isEmpty { members.append(("parameters", .object(parameters))) }
            members.append(("design", .object(designMembers)))
            if !mapping.isEmpty { members.append(("columns", .object(mapping))) }
            members.append(("groups", .array(groups.groups)))
            if !headlines.isEmpty { members.append(("headlines", .array(headlines))) }
            return StudyDraft(
                study: .object(members), instrument: reference == instrumentFile ? instrument : nil, notes: notes,
                todos: todos.map { "\($0.path): \($0.text)" })
        }
    }

    /// A question as a headline's label: "¿Planea migrar…?" → "Planea migrar…".
    static func headlineText(_ question: String) -> String {
        question.trimmingCharacters(in: CharacterSet(charactersIn: "¿?¡! "))
    }

    static func weightedMedian(_ column: DataColumns.Column, weights: DataColumns.Column?, rows: Int) -> Double {
        var pairs: [(Double, Double)] = []
        for row in 0..<rows {
            let value = column.number(at: row)
            let weight = weights.map { $0.number(at: row) } ?? 1
            if !value.isNaN, !weight.isNaN, weight > 0 { pairs.append((value, weight)) }
        }
        guard !pairs.isEmpty else { return 1 }
        pairs.sort { $0.0 < $1.0 }
        let half = pairs.reduce(0) { $0 + $1.1 } / 2
        var running = 0.0
        for (value, weight) in pairs {
            running += weight
            if running >= half { return value }
        }
        return pairs.last!.0
    }

    /// `target` as a path relative to `folder` (`../data/export.csv`).
    static func relativePath(from folder: URL, to target: URL) -> String {
        let from = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let to = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
        guard common > 1 else { return target.standardizedFileURL.path }
        return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
    }
}
