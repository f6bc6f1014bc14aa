import Foundation

/// An XLSForm (the form a KoboToolbox or ODK survey was fielded with), as read from its
/// `survey`, `choices` and `settings` sheets: the questions in order with their group paths,
/// labels in every language, choice lists and `relevant` conditions, plus the
/// `integra::…` columns that carry what a form cannot say about scoring. Made into an
/// `Instrument` by `instrument(…)`; read by `integra init` to draft a study.
public struct XLSForm: Sendable {
    public var file: String
    public var questions: [Question]
    /// List name → choices, in the sheet's order.
    public var choiceLists: [String: [Choice]]
    /// The `settings` sheet's first row, by column (`form_title`, `form_id`, `version`,
    /// `default_language`).
    public var settings: [String: String]
    /// The label languages, in the order of the survey sheet's label columns.
    public var languages: [FormLanguage]

    public struct Question: Sendable {
        /// The survey sheet row, for errors.
        public var row: Int
        /// `select_one`, `select_multiple`, `integer`, `decimal`, `text`, …
        public var type: String
        public var listName: String?
        public var name: String
        /// Label by language (`FormLanguage.column`).
        public var labels: [String: String]
        public var relevant: String
        /// Names of the groups the question is in, outermost first.
        public var groups: [String]
        /// The labels of those groups, in the form's first language.
        public var groupLabels: [String]
        /// The `integra::` columns, by the name after `integra::`.
        public var integra: [String: String]
    }

    public struct Choice: Sendable {
        public var row: Int
        public var name: String
        public var labels: [String: String]
    }

    /// One label language of the form: `label::Español (es)` has code `es`.
    public struct FormLanguage: Sendable, Equatable {
        /// The part after `label::`, or `""` for a plain `label` column.
        public var column: String
        /// `es`, `en`, `pt`…, or `nil` when the name says no language integra knows.
        public var code: String?
    }

    public func question(named name: String) -> Question? { questions.first { $0.name == name } }

    /// A question's or choice's label in a report language: that language's column, else the
    /// other report language's, else the first label the form gives.
    public func text(_ labels: [String: String], in language: Language) -> String? {
        let preferred = languages.filter { $0.code == language.rawValue } + languages.filter { $0.code != language.rawValue && Language(rawValue: $0.code ?? "") != nil } + languages
        for candidate in preferred {
            if let text = labels[candidate.column], !text.isEmpty { return text }
        }
        return nil
    }

    /// Labels in both report languages, or `fallback` where the form has none.
    public func localized(_ labels: [String: String], fallback: String) -> LocalizedText {
        LocalizedText(es: text(labels, in: .es) ?? fallback, en: text(labels, in: .en) ?? fallback)
    }

    /// Every label of a question or choice, in all the form's languages, for matching
    /// label exports.
    public func allLabels(_ labels: [String: String]) -> [String] {
        languages.compactMap { labels[$0.column] }.filter { !$0.isEmpty }
    }

    /// The report language the form's labels suggest: its `default_language`, else its first
    /// label language that is a report language.
    public var reportLanguage: Language? {
        if let name = settings["default_language"], let language = Self.languageCode(name).flatMap(Language.init(rawValue:)) { return language }
        return languages.lazy.compactMap { $0.code.flatMap(Language.init(rawValue:)) }.first
    }

    /// `Español (es)` → `es`, `English` → `en`, `Português (pt)` → `pt`.
    static func languageCode(_ name: String) -> String? {
        if let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            let code = name[name.index(after: open)..<close].trimmingCharacters(in: .whitespaces).lowercased()
            if !code.isEmpty { return String(code.prefix(while: { $0 != "-" && $0 != "_" })) }
        }
        let key = name.labelKey
        let names: [String: String] = [
            "espanol": "es", "spanish": "es", "castellano": "es", "english": "en", "ingles": "en", "portugues": "pt", "portuguese": "pt",
            "francais": "fr", "french": "fr", "es": "es", "en": "en", "pt": "pt", "fr": "fr",
        ]
        return names[key]
    }
}

extension XLSForm {
    /// Reads an XLSForm workbook. Errors name the file, the sheet, the row and the column.
    public static func load(from url: URL) throws -> XLSForm {
        let workbook: XLSXWorkbook
        do { workbook = try XLSXWorkbook(url: url) } catch let error as IngestError {
            throw ConfigurationError(file: url.path, path: "$", message: error.message)
        }
        func sheet(_ name: String, required: Bool) throws -> (header: [String], rows: [(row: Int, cells: [String])])? {
            guard let actual = workbook.sheetNames.first(where: { $0.lowercased() == name }) else {
                if required {
                    throw ConfigurationError(
                        file: url.path, path: "sheet \"\(name)\"",
                        message: "an XLSForm needs a \"\(name)\" sheet (this workbook has \(workbook.sheetNames.map { "\"\($0)\"" }.joined(separator: ", ")))")
                }
                return nil
            }
            let rows = try workbook.rows(ofSheet: actual)
            guard let first = rows.first else { return ([], []) }
            return (first.cells.map { $0.trimmingCharacters(in: .whitespaces) }, Array(rows.dropFirst()))
        }
        let survey = try sheet("survey", required: true)!
        let choices = try sheet("choices", required: false)
        let settingsSheet = try sheet("settings", required: false)
        func column(_ header: [String], _ name: String) -> Int? { header.firstIndex { $0.lowercased() == name } }
        for required in ["type", "name"] where column(survey.header, required) == nil {
            throw ConfigurationError(file: url.path, path: "sheet \"survey\", row 1", message: "no \"\(required)\" column: the first row must name the columns (type, name, label, …)")
        }
        // Label columns: `label`, `label::Español (es)`; the same languages are read from choices.
        let languages = survey.header.compactMap { name -> FormLanguage? in
            let lowered = name.lowercased()
            if lowered == "label" { return FormLanguage(column: "", code: nil) }
            guard lowered.hasPrefix("label::") else { return nil }
            let language = String(name.dropFirst("label::".count))
            return FormLanguage(column: language, code: languageCode(language))
        }
        func labels(_ header: [String], _ cells: [String]) -> [String: String] {
            var result: [String: String] = [:]
            for (index, name) in header.enumerated() where index < cells.count {
                let lowered = name.lowercased()
                if lowered == "label" { result[""] = cells[index] } else if lowered.hasPrefix("label::") { result[String(name.dropFirst(7))] = cells[index] }
            }
            return result
        }
        let typeColumn = column(survey.header, "type")!
        let nameColumn = column(survey.header, "name")!
        let relevantColumn = column(survey.header, "relevant")
        var questions: [Question] = []
        var groups: [(name: String, label: String)] = []
        var seen: [String: Int] = [:]
        for (row, cells) in survey.rows {
            func cell(_ index: Int?) -> String { index.flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            let typeText = cell(typeColumn)
            let name = cell(nameColumn)
            guard !typeText.isEmpty else { continue }
            let words = typeText.split(whereSeparator: { $0 == " " }).map(String.init)
            let type = words[0].lowercased()
            let rowLabels = labels(survey.header, cells)
            switch type {
            case "begin_group", "begin_repeat", "begin":
                let label = languages.lazy.compactMap { rowLabels[$0.column] }.first { !$0.isEmpty } ?? name
                groups.append((name, label))
                continue
            case "end_group", "end_repeat", "end":
                _ = groups.popLast()
                continue
            default: break
            }
            guard !name.isEmpty else {
                throw ConfigurationError(file: url.path, path: "sheet \"survey\", row \(row), column \"name\"", message: "a \(type) question without a name")
            }
            if let first = seen[name] {
                throw ConfigurationError(file: url.path, path: "sheet \"survey\", row \(row), column \"name\"", message: "the name \"\(name)\" is used twice (first on row \(first))")
            }
            seen[name] = row
            var integra: [String: String] = [:]
            for (index, header) in survey.header.enumerated() where header.lowercased().hasPrefix("integra::") {
                let value = cell(index)
                if !value.isEmpty { integra[String(header.dropFirst("integra::".count)).lowercased()] = value }
            }
            let isSelect = type == "select_one" || type == "select_multiple"
            questions.append(Question(
                row: row, type: type, listName: isSelect && words.count > 1 ? words[1] : nil, name: name, labels: rowLabels,
                relevant: cell(relevantColumn), groups: groups.map(\.name), groupLabels: groups.map(\.label), integra: integra))
        }
        var lists: [String: [Choice]] = [:]
        if let choices {
            guard let listColumn = column(choices.header, "list_name") ?? column(choices.header, "list name"), let choiceName = column(choices.header, "name") else {
                throw ConfigurationError(file: url.path, path: "sheet \"choices\", row 1", message: "the choices sheet needs \"list_name\" and \"name\" columns")
            }
            for (row, cells) in choices.rows {
                let list = listColumn < cells.count ? cells[listColumn].trimmingCharacters(in: .whitespaces) : ""
                let name = choiceName < cells.count ? cells[choiceName].trimmingCharacters(in: .whitespaces) : ""
                guard !list.isEmpty else { continue }
                guard !name.isEmpty else {
                    throw ConfigurationError(file: url.path, path: "sheet \"choices\", row \(row), column \"name\"", message: "a choice of list \"\(list)\" without a name")
                }
                lists[list, default: []].append(Choice(row: row, name: name, labels: labels(choices.header, cells)))
            }
        }
        for question in questions {
            guard let list = question.listName else { continue }
            if lists[list] == nil {
                throw ConfigurationError(
                    file: url.path, path: "sheet \"survey\", row \(question.row), column \"type\"",
                    message: "choice list \"\(list)\" is not in the choices sheet")
            }
        }
        var settings: [String: String] = [:]
        if let settingsSheet, let first = settingsSheet.rows.first {
            for (index, name) in settingsSheet.header.enumerated() where index < first.cells.count && !first.cells[index].isEmpty {
                settings[name.lowercased()] = first.cells[index]
            }
        }
        return XLSForm(file: url.path, questions: questions, choiceLists: lists, settings: settings, languages: languages)
    }
}
