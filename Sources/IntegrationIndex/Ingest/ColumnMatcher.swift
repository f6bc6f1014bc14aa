/// Finds the columns a study needs in a file's header, the way exports name them: exactly; by
/// an explicit mapping in the study; by the last segment of a group path
/// (`modulo_b/empleo/q_trabajo` from KoboToolbox, `hh-size` from ODK); or, in a label export,
/// by the question's label (accents and case aside).
public struct ColumnMatcher: Sendable {
    /// How a needed column was found in the header.
    public enum Rule: String, Sendable {
        case exact, mapped, pathSegment = "path segment", label
    }

    public struct Match: Sendable, Equatable {
        public var wanted: String
        public var header: String
        public var index: Int
        public var rule: Rule
    }

    public let header: [String]
    public let mapping: [String: String]
    private let exact: [String: Int]
    private let segments: [String: [Int]]
    /// Each header as a label key, for label exports.
    private let headerKeys: [String]

    /// Group path separators: KoboToolbox uses `/` (or the exporter's choice), ODK and
    /// SurveyCTO `-`.
    static let pathSeparators: Set<Character> = ["/", "-", ":", "."]

    public init(header: [String], mapping: [String: String] = [:]) {
        self.header = header
        self.mapping = mapping
        var exact: [String: Int] = [:]
        var segments: [String: [Int]] = [:]
        for (index, name) in header.enumerated() where !name.isEmpty {
            if exact[name] == nil { exact[name] = index }
            let segment = Self.lastSegment(name)
            if segment != name { segments[segment, default: []].append(index) }
        }
        self.exact = exact
        self.segments = segments
        self.headerKeys = header.map(\.labelKey)
    }

    static func lastSegment(_ name: String) -> String {
        guard let cut = name.lastIndex(where: { pathSeparators.contains($0) }) else { return name }
        return String(name[name.index(after: cut)...])
    }

    /// The header column for `wanted`, or `nil`. `labels` are the question's labels for label
    /// exports. Several candidates by one rule is no match (the error names them).
    public func match(_ wanted: String, labels: [String] = []) -> Result<Match, MatchFailure> {
        if let mapped = mapping[wanted] {
            guard let index = exact[mapped] else { return .failure(.mappedColumnMissing(mapped)) }
            return .success(Match(wanted: wanted, header: mapped, index: index, rule: .mapped))
        }
        if let index = exact[wanted] { return .success(Match(wanted: wanted, header: wanted, index: index, rule: .exact)) }
        if let candidates = segments[wanted] {
            guard candidates.count == 1 else { return .failure(.ambiguous(candidates.map { header[$0] })) }
            return .success(Match(wanted: wanted, header: header[candidates[0]], index: candidates[0], rule: .pathSegment))
        }
        // A label header may carry its group's label as a path: "Módulo A/¿Qué tan conectado/a…?".
        let keys = Set(labels.map(\.labelKey).filter { !$0.isEmpty })
        let candidates = headerKeys.indices.filter { index in
            let key = headerKeys[index]
            return keys.contains { key == $0 || key.hasSuffix("/" + $0) || key.hasSuffix("-" + $0) }
        }
        if candidates.count == 1 { return .success(Match(wanted: wanted, header: header[candidates[0]], index: candidates[0], rule: .label)) }
        if candidates.count > 1 { return .failure(.ambiguous(candidates.map { header[$0] })) }
        return .failure(.missing)
    }

    public enum MatchFailure: Error, Sendable, Equatable {
        case missing
        case mappedColumnMissing(String)
        case ambiguous([String])
    }

    /// The `question/option` columns of a select_multiple question (`q_apoyo/familia`,
    /// `grupo/q_apoyo/familia`), in header order.
    public static func optionColumns(of question: String, in header: [String]) -> [String] {
        header.filter { name in
            guard let cut = name.lastIndex(where: { pathSeparators.contains($0) }) else { return false }
            return lastSegment(String(name[..<cut])) == question
        }
    }

    /// Columns that identify a submission in platform exports, tried in order when the study
    /// names no id column.
    public static let defaultIDColumns = ["_uuid", "KEY", "instanceID", "meta/instanceID", "meta-instanceID", "_id"]
}
