/// The report languages every label must exist in. Spanish first: most users publish in it.
public enum Language: String, Sendable, CaseIterable, Codable {
    case es, en
}

/// A text in every report language, such as a dimension name or a group label.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public var es: String
    public var en: String

    public init(es: String, en: String) {
        self.es = es
        self.en = en
    }

    /// The same text in both languages, for labels such as "60+" or a raw group value.
    public init(_ both: String) { self.init(es: both, en: both) }

    public subscript(language: Language) -> String {
        switch language {
        case .es: es
        case .en: en
        }
    }

    /// Reads `{"es": ..., "en": ...}`; a plain string stands for both languages.
    static func read(_ reader: JSONReader) throws -> LocalizedText {
        if case .string(let text) = reader.value { return LocalizedText(text) }
        let object = try reader.object(allowing: ["es", "en"])
        return LocalizedText(es: try object.required("es").string(), en: try object.required("en").string())
    }
}
