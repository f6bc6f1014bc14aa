import Foundation

/// A questionnaire's scoring definition: dimensions made of items, each item turning an answer
/// into a score between 0 and 1. Loaded from `Surveys/*.json`; see `Docs/instrument-format.md`.
public struct Instrument: Sendable {
    public var name: String
    public var version: String
    public var title: LocalizedText
    /// Where the wording and scoring come from (the project's own adaptation, with its sources).
    public var source: String
    public var dimensions: [Dimension]
    /// The overall index needs at least this many in-index dimensions (default: all but one).
    public var minDimensions: Int

    public var items: [Item] { dimensions.flatMap(\.items) }
    public var indexDimensions: [Dimension] { dimensions.filter(\.inIndex) }

    public func item(column: String) -> Item? { items.first { $0.column == column } }
}

/// One dimension of integration, scored as the mean of its available items.
public struct Dimension: Sendable {
    public var key: String
    public var labels: LocalizedText
    /// Weight in the overall index, renormalized over the dimensions a respondent has.
    public var weight: Double
    /// False for a dimension reported on its own but kept out of the overall index.
    public var inIndex: Bool
    /// The dimension score needs at least this many available items (default: half, rounded up).
    public var minItems: Int
    public var items: [Item]
}
