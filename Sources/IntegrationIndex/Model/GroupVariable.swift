/// A way to split the population for reporting: a categorical column, bands of a number, or
/// a crossing of other group variables.
public struct GroupVariable: Sendable {
    public var key: String
    public var labels: LocalizedText
    public var kind: Kind

    public init(key: String, labels: LocalizedText, kind: Kind) {
        self.key = key
        self.labels = labels
        self.kind = kind
    }

    public enum Kind: Sendable {
        /// Values listed in report order with their labels; other values found in the data are
        /// reported too, after these, labelled by themselves.
        case categorical(column: String, values: [GroupValue])
        case bands(column: String, bands: [Band])
        /// Keys of other (non-crossed) group variables.
        case crossing([String])
    }

    public struct GroupValue: Sendable {
        public var value: String
        public var labels: LocalizedText
    }

    /// `lower ≤ x < upper`; an open end is `nil`.
    public struct Band: Sendable {
        public var lower: Double?
        public var upper: Double?
        public var labels: LocalizedText

        public func contains(_ x: Double) -> Bool {
            (lower.map { x >= $0 } ?? true) && (upper.map { x < $0 } ?? true)
        }
    }

    /// The label of the explicit group holding respondents with no value.
    public static let noAnswerLabel = LocalizedText(es: "Sin respuesta", en: "No answer")

    public var sourceColumns: [String] {
        switch kind {
        case .categorical(let column, _), .bands(let column, _): [column]
        case .crossing: []
        }
    }
}
