import Foundation

/// What `integra check` finds in a study, its instrument and its data together, without
/// writing anything: the problems that would stop a run (all of them, not the first), what
/// would be published with caution or suppressed, values the instrument does not know, and
/// the `"$todo"` notes a drafted study still carries. `error` is the error a run would stop
/// with; a study with none would run.
public struct StudyCheck: Sendable {
    public var lines: [String] = []
    public var problems: [String] = []
    public var warnings: [String] = []
    public var todos: [String] = []
    /// The error `integra run` would stop with; `nil` when the run would succeed.
    public var error: (any Error)?

    public static func check(studyAt url: URL) -> StudyCheck {
        var check = StudyCheck()
        do { try check.run(url) } catch {
            check.error = error
            check.problems.append("\(error)")
        }
        return check
    }

    private mutating func run(_ url: URL) throws {
        let study = try Study.load(from: url)
        if let data = try? Data(contentsOf: url), case .object(let members) = try JSONValue.parse(data, source: url.path),
            case .array(let notes)? = members["$todo"]
        {
            todos = notes.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        let loaded = try study.loadInstrument()
        let instrument = loaded.instrument
        lines.append("Instrument   \(instrument.name) \(instrument.version) (\(loaded.origin)): \(instrument.dimensions.count) dimensions, \(instrument.items.count) items")
        let inspection = try FileInspection.inspect(study.dataURL, sheet: study.sheet)
        lines.append("Data         \(study.dataURL.path): \(inspection.rows) rows, \(inspection.header.count) columns")

        // Every column the study needs, as the reader will look for it.
        let matcher = ColumnMatcher(header: inspection.header, mapping: study.columnMapping)
        let reader = SurveyReader(study: study, instrument: instrument)
        var found = Set<String>()
        var missing: [String] = []
        var wanted = reader.plan().map { ($0.name, $0.labels, $0.roles.contains(.selectedCount)) }
        if let id = study.idColumn { wanted.insert((id, [], false), at: 0) }
        for (name, labels, selectMultiple) in wanted {
            switch matcher.match(name, labels: labels) {
            case .success(let match): found.insert(match.header)
            case .failure(.ambiguous(let candidates)):
                missing.append("\(name): several columns could be it (\(candidates.joined(separator: ", "))): name one in \"columns\"")
            case .failure(.mappedColumnMissing(let header)):
                missing.append("\(name): \"columns\" maps it to \"\(header)\", which is not in the file")
            case .failure(.missing):
                let options = ColumnMatcher.optionColumns(of: name, in: inspection.header)
                if selectMultiple, !options.isEmpty { options.forEach { found.insert($0) }; continue }
                missing.append("\(name): not in the file by name, group path or label: name its header in \"columns\": {\"\(name)\": \"…\"}")
            }
        }
        if study.idColumn == nil {
            if let platform = ColumnMatcher.defaultIDColumns.first(where: { inspection.header.contains($0) }) { found.insert(platform) } else {
                missing.append("id: the study names none and the file has none of \(ColumnMatcher.defaultIDColumns.joined(separator: ", ")): give \"id\"")
            }
        }
        problems += missing.map { "missing column \($0)" }
        let unused = inspection.header.filter { !$0.isEmpty && !found.contains($0) && !$0.hasPrefix("_") }
        if !unused.isEmpty {
            lines.append("Not used     \(unused.count) columns: \(unused.prefix(8).joined(separator: ", "))\(unused.count > 8 ? ", …" : "")")
        }
        guard missing.isEmpty else {
            throw IngestError(file: study.dataURL.path, kind: .missingColumn, line: 1, message: "\(missing.count) needed column\(missing.count == 1 ? " is" : "s are") missing")
        }

        let ingest = try reader.read(study.dataURL)
        lines.append("Rows         \(ingest.rowsRead) read = \(ingest.rowsAccepted) accepted + \(ingest.rowsQuarantined) quarantined")
        for kind in QuarantinedRow.Kind.allCases {
            let rows = ingest.quarantine.filter { $0.kind == kind }
            guard let first = rows.first else { continue }
            warnings.append("\(rows.count) row\(rows.count == 1 ? "" : "s") quarantined as \(kind.rawValue), first on line \(first.line): \(first.reason)")
        }
        let designProblems = DesignCheck.problems(table: ingest.table, specification: study.design)
        problems += designProblems.map { "design: \($0)" }
        if !designProblems.isEmpty { throw DesignError("\(designProblems.count) design problem\(designProblems.count == 1 ? "" : "s")") }

        let result = try StudyRun.execute(study: study, instrument: instrument, ingest: ingest)
        // Values the instrument does not know, with how often each occurs.
        var byColumn: [String: [String: (count: Int, line: Int)]] = [:]
        var rules: [String: Finding.Rule] = [:]
        for finding in result.findings where finding.rule != .encoding {
            byColumn[finding.column, default: [:]][finding.value, default: (0, finding.line)].count += 1
            rules[finding.column] = finding.rule
        }
        for column in byColumn.keys.sorted() {
            let values = byColumn[column]!.sorted { $0.value.count > $1.value.count }
            let shown = values.prefix(6).map { "\"\($0.key)\" × \($0.value.count) (line \($0.value.line))" }.joined(separator: ", ")
            warnings.append("\(column): \(values.reduce(0) { $0 + $1.value.count }) \(rules[column]!.rawValue) — \(shown)\(values.count > 6 ? ", …" : ""): missing for those respondents")
        }
        // Groups too small to publish, judged on the overall index as reports show it.
        let quality = study.quality
        for group in study.groups {
            let estimates = result.estimates.filter { $0.indicator == IndexEstimate.overallKey && $0.groupKey == group.key }
            let suppressed = estimates.filter { $0.n < quality.suppressBelowN }.map { "\($0.groupLabel[study.language]) (\($0.n))" }
            let caution = estimates.filter { $0.n >= quality.suppressBelowN && $0.n < quality.cautionBelowN }.map { "\($0.groupLabel[study.language]) (\($0.n))" }
            if !suppressed.isEmpty { warnings.append("group \(group.key): suppressed (F, n < \(quality.suppressBelowN)): \(suppressed.joined(separator: ", "))") }
            if !caution.isEmpty { warnings.append("group \(group.key): with caution (E, n < \(quality.cautionBelowN)): \(caution.joined(separator: ", "))") }
        }
        lines.append("Estimates    \(result.estimates.count), of which \(result.estimates.filter(\.isSuppressed).count) suppressed")
    }
}
