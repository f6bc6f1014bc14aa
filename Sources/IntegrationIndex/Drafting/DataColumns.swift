import Foundation

/// Every column of a survey file with its values per row and what is known of its meaning
/// (the form's question, an SPSS/Stata variable label, its value labels), for `integra
/// init` to recognise ids, design columns and groups. Read once, all columns as text.
struct DataColumns {
    struct Column {
        var header: String
        var values: CategoricalColumn
        /// Labels that say what the column is: the header itself, the question's labels,
        /// a variable label.
        var descriptions: [String]
        /// Value → labels, from the form's choices or the file's value labels.
        var valueLabels: [(value: String, labels: LocalizedText)]
        /// Where `valueLabels` come from: "form" or "file".
        var valueLabelSource = "file"
        var numbers: [Double?]
        var filled: Int
        var isNumeric: Bool { filled > 0 && numbers.allSatisfy { $0 != nil } }

        /// The number of each row, NaN where blank or not a number.
        func number(at row: Int) -> Double {
            let code = values.codes[row]
            return code == CategoricalColumn.missing ? .nan : (numbers[Int(code)] ?? .nan)
        }

        /// Whether any description, as a label key, matches the pattern.
        func described(by pattern: String) -> Bool {
            descriptions.contains { $0.labelKey.range(of: pattern, options: .regularExpression) != nil }
        }
    }

    var rows: Int
    var columns: [Column]
    var inspection: FileInspection

    func column(_ header: String) -> Column? { columns.first { $0.header == header } }

    static func read(_ url: URL, sheet: String?) throws -> DataColumns {
        let inspection = try FileInspection.inspect(url, sheet: sheet)
        var seen = Set<String>()
        let names = inspection.header.filter { !$0.isEmpty && seen.insert($0).inserted }
        let ingest = try TableReader(idColumn: .lineNumbers, columns: names.map { .init(name: $0, roles: [.categorical]) }, sheet: sheet).read(url)
        var variables: [String: StatisticalFile.Variable] = [:]
        switch SurveyFile.Format(of: url) {
        case .spss: variables = Dictionary(try StatisticalFile.read(url, format: .spss).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        case .stata: variables = Dictionary(try StatisticalFile.read(url, format: .stata).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        case .csv, .xlsx: break
        }
        let columns = names.map { name -> Column in
            let values = ingest.table.categorical[name]!
            let variable = variables[name]
            return Column(
                header: name, values: values, descriptions: [name, ColumnMatcher.lastSegment(name)] + (variable.map { [$0.label] } ?? []),
                valueLabels: variable?.valueLabels.map { ($0.value, LocalizedText($0.label)) } ?? [],
                numbers: values.levels.map { NumberParser.parse($0, decimalComma: inspection.decimalComma) },
                filled: values.codes.lazy.filter { $0 != CategoricalColumn.missing }.count)
        }
        return DataColumns(rows: ingest.rowsAccepted, columns: columns, inspection: inspection)
    }

    /// Adds what the form says of each column it has a question for: the question's labels
    /// and its choices' labels.
    mutating func describe(with form: XLSForm) {
        let matcher = ColumnMatcher(header: columns.map(\.header))
        for question in form.questions {
            guard case .success(let match) = matcher.match(question.name, labels: form.allLabels(question.labels)) else { continue }
            let index = columns.firstIndex { $0.header == match.header }!
            columns[index].descriptions += [question.name] + form.allLabels(question.labels)
            if let choices = question.listName.flatMap({ form.choiceLists[$0] }) {
                columns[index].valueLabels = choices.map { ($0.name, form.localized($0.labels, fallback: $0.name)) }
                columns[index].valueLabelSource = "form"
            }
        }
    }
}
