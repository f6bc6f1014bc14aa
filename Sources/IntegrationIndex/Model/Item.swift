/// One question and the rule that turns its answer into a score in [0, 1].
public struct Item: Sendable {
    public var column: String
    public var labels: LocalizedText
    public var scale: Scale
    /// Codes that mean "no answer" (don't know, refused) and what each scores.
    public var nonAnswers: [NonAnswer]
    public var routing: Routing?
    /// A KoboToolbox/ODK select_multiple question scored by how many options were chosen
    /// (with `bins`): read from its summary column (chosen names separated by spaces) or from
    /// its `question/option` columns of 1 and 0. Blank is "not answered", never 0.
    public var selectMultiple = false

    /// How answers map to scores.
    public enum Scale: Sendable {
        /// Codes in order from least to most integrated (before `reversed`); position p of K
        /// scores (p − 1)/(K − 1).
        case ordinal(codes: [AnswerCode], reversed: Bool)
        /// Each code carries its own score, e.g. employment: unemployed 0, inactive 0.5, employed 1.
        case scores(codes: [AnswerCode], scores: [Double])
        /// A number (a count, an income) cut into K bins by ascending lower bounds; bin b of K
        /// scores b/(K − 1). With `relativeTo`, the number is first divided by that study
        /// parameter (income relative to the national median).
        case bins(lowerBounds: [Double], relativeTo: String?, reversed: Bool)
    }

    /// What a non-answer code scores.
    public enum NonAnswerRule: Sendable, Equatable {
        case missing
        case score(Double)
    }

    /// The score a name stands for: `lowest`, `middle` or `highest` position of the scale
    /// (for non-answers such as "don't know" to a knowledge question, and routed-out items).
    public static func namedScore(_ name: String) -> Double? {
        switch name.lowercased() {
        case "lowest": 0
        case "middle": 0.5
        case "highest": 1
        default: nil
        }
    }

    public struct NonAnswer: Sendable {
        public var code: String
        public var labels: LocalizedText
        public var rule: NonAnswerRule
    }

    /// An item not asked of some respondents (native speakers skip the language items).
    public struct Routing: Sendable {
        /// The column whose value decides whether the item was asked.
        public var column: String
        /// That question's labels, by which a label export names its column.
        public var labels: LocalizedText?
        /// The item was skipped when `column` holds one of these values.
        public var skippedWhen: [String]
        /// A fixed score for skipped respondents, or `nil` to leave the item out for them.
        public var score: Double?
    }

    /// The answer codes in scoring order, for labels and validation; empty for bins.
    public var codes: [AnswerCode] {
        switch scale {
        case .ordinal(let codes, _), .scores(let codes, _): codes
        case .bins: []
        }
    }

    public var isNumeric: Bool {
        if case .bins = scale { return true }
        return false
    }
}

/// An answer code as written in the data, with its labels (used to read label exports).
public struct AnswerCode: Sendable {
    public var code: String
    public var labels: LocalizedText
}
