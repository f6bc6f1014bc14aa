/// Whether two runs measured the same thing, so that their difference is a change and not a
/// change of questionnaire: the same instrument name and major version. When they differ the
/// error names the items that are scored differently, so the user sees what broke the match.
public struct InstrumentMismatch: Error, CustomStringConvertible, Sendable {
    public var before: String
    public var after: String
    /// One line per item added, dropped or scored differently.
    public var differences: [String]

    public var description: String {
        let list = differences.isEmpty ? "" : ": " + differences.joined(separator: "; ")
        return "the waves used different instruments (\(before) and \(after)); a change needs the same instrument name and major version\(list)"
    }

    /// Throws unless `a` and `b` have the same name and major version.
    public static func check(_ a: Instrument, _ b: Instrument) throws {
        guard a.name != b.name || majorVersion(a.version) != majorVersion(b.version) else { return }
        throw InstrumentMismatch(before: "\(a.name) \(a.version)", after: "\(b.name) \(b.version)", differences: differences(a, b))
    }

    static func majorVersion(_ version: String) -> Substring {
        version.split(separator: ".", omittingEmptySubsequences: false).first ?? ""
    }

    /// Items only in one of the instruments, and items whose scoring rule differs (labels
    /// aside: a corrected translation does not change a score).
    static func differences(_ a: Instrument, _ b: Instrument) -> [String] {
        let itemsA = Dictionary(a.items.map { ($0.column, $0) }, uniquingKeysWith: { first, _ in first })
        let itemsB = Dictionary(b.items.map { ($0.column, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        for item in a.items where itemsB[item.column] == nil { lines.append("\(item.column) only in \(a.name) \(a.version)") }
        for item in b.items where itemsA[item.column] == nil { lines.append("\(item.column) only in \(b.name) \(b.version)") }
        for item in a.items {
            guard let other = itemsB[item.column], scoringRule(item) != scoringRule(other) else { continue }
            lines.append("\(item.column) scored differently (\(scoringRule(item)) against \(scoringRule(other)))")
        }
        return lines
    }

    /// An item's scoring rule as text: its scale, non-answers and routing, without labels.
    static func scoringRule(_ item: Item) -> String {
        var text: String
        switch item.scale {
        case .ordinal(let codes, let reversed):
            text = "ordinal " + codes.map(\.code).joined(separator: ",") + (reversed ? " reversed" : "")
        case .scores(let codes, let scores):
            text = "scores " + zip(codes, scores).map { "\($0.code)=\($1)" }.joined(separator: ",")
        case .bins(let bounds, let relativeTo, let reversed):
            text = "bins " + bounds.map { "\($0)" }.joined(separator: ",") + (relativeTo.map { " of \($0)" } ?? "") + (reversed ? " reversed" : "")
        }
        for nonAnswer in item.nonAnswers {
            switch nonAnswer.rule {
            case .missing: text += ", \(nonAnswer.code) missing"
            case .score(let score): text += ", \(nonAnswer.code)=\(score)"
            }
        }
        if let routing = item.routing {
            text += ", skipped when \(routing.column) is \(routing.skippedWhen.joined(separator: "/"))" + (routing.score.map { " (scores \($0))" } ?? "")
        }
        return text
    }
}
