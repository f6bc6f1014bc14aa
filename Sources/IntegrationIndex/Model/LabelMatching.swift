import Foundation

extension String {
    /// The text as labels are compared: without accents, in lower case, with single spaces
    /// and no surrounding punctuation ("¿Qué tan conectado/a?" and "que tan conectado/a"
    /// match). Label exports from Kobo arrive with whatever accents and case the form had.
    public var labelKey: String {
        let folded = folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .filter { !"¿?¡!".contains($0) }
        let words = folded.split(whereSeparator: { $0.isWhitespace })
        return words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ".:;,\"' "))
    }
}

extension LocalizedText {
    var labelKeys: Set<String> { [es.labelKey, en.labelKey] }
}

extension Item {
    /// The answer code a cell stands for: the code itself, or the code whose label (in any
    /// report language, accents and case aside) the cell holds; `nil` when neither.
    public func code(forValue value: String) -> String? {
        if codes.contains(where: { $0.code == value }) || nonAnswers.contains(where: { $0.code == value }) { return value }
        let key = value.labelKey
        if let code = codes.first(where: { $0.labels.labelKeys.contains(key) }) { return code.code }
        return nonAnswers.first { $0.labels.labelKeys.contains(key) }?.code
    }

    /// The labels a column header may carry in a label export: the question in each language.
    var headerLabels: [String] { [labels.es, labels.en] }
}
