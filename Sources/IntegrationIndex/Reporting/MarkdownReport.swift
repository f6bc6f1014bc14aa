/// `report.md`: the tables of a policy brief, in the study's language, on the 0–100 scale,
/// with quality flags and suppressed cells hidden.
public struct MarkdownReport: Sendable {
    public let run: StudyRun
    public var language: Language
    public init(run: StudyRun, language: Language? = nil) {
        self.run = run
        self.language = language ?? run.study.language
    }

    private var format: NumberFormat { NumberFormat(language: language) }

    /// Columns of every table: the dimensions, the overall index, then the headlines.
    private var indicators: [(key: String, label: String)] {
        run.instrument.dimensions.map { ($0.key, $0.labels[language]) } + [(IndexEstimate.overallKey, ReportText.overall[language])]
            + run.study.headlines.map { ($0.key, $0.labels[language] + " (%)") }
    }

    public func render() -> String {
        var lines: [String] = []
        let study = run.study
        lines.append("# \(study.title[language])")
        lines.append("")
        // No date: the same data gives the same report; the store records when it ran.
        lines.append(run.instrument.title[language])
        lines.append("")
        let ingest = run.ingest
        lines.append(
            "\(ReportText.data[language]): \(format.integer(ingest.rowsRead)) \(ReportText.rowsRead[language]), \(format.integer(ingest.rowsAccepted)) \(ReportText.rowsAccepted[language]), \(format.integer(ingest.rowsQuarantined)) \(ReportText.rowsQuarantined[language]); \(format.integer(run.findings.count)) \(ReportText.findings[language]).")
        lines.append("")
        lines.append(ReportText.scale[language])
        lines.append("")
        lines.append("## \(ReportText.summary[language])")
        lines.append("")
        lines.append("| \(ReportText.indicator[language]) | \(ReportText.estimate[language]) | \(ReportText.interval[language]) | n |")
        lines.append("|---|---:|---:|---:|")
        let population = run.estimates.filter { $0.groupKey.isEmpty }
        for (key, label) in indicators {
            guard let e = population.first(where: { $0.indicator == key }) else { continue }
            lines.append("| \(escape(label)) | \(cell(e)) | \(interval(e)) | \(format.integer(e.n)) |")
        }
        for group in run.groups {
            lines.append("")
            lines.append("## \(ReportText.byGroup[language]) \(group.variable.labels[language].lowercasedFirst)")
            lines.append("")
            lines.append("| \(escape(group.variable.labels[language])) | " + indicators.map { escape($0.label) }.joined(separator: " | ") + " | n |")
            lines.append("|---|" + String(repeating: "---:|", count: indicators.count) + "---:|")
            let estimates = run.estimates.filter { $0.groupKey == group.variable.key }
            for (index, value) in group.values.enumerated() {
                let row = estimates.filter { $0.groupValue == value }
                let cells = indicators.map { indicator in row.first { $0.indicator == indicator.key }.map(cell) ?? "" }
                let n = row.first { $0.indicator == IndexEstimate.overallKey }?.n ?? 0
                lines.append("| \(escape(group.labels[index][language])) | " + cells.joined(separator: " | ") + " | \(format.integer(n)) |")
            }
        }
        lines.append("")
        lines.append(ReportText.legend[language])
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The value with its flag; a suppressed value shows only "F".
    private func cell(_ e: IndexEstimate) -> String {
        switch e.flag {
        case .suppress: "F"
        case .caution: "\(format.decimal(e.estimate)) E"
        case .publish: format.decimal(e.estimate)
        }
    }

    private func interval(_ e: IndexEstimate) -> String {
        guard !e.isSuppressed, let low = e.ciLow, let high = e.ciHigh else { return "" }
        return "\(format.decimal(low)) – \(format.decimal(high))"
    }

    /// Keeps a label from breaking the table or injecting Markdown.
    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#": escaped += "\\\(character)"
            case "\n", "\r": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension String {
    var lowercasedFirst: String { isEmpty ? self : prefix(1).lowercased() + dropFirst() }
}
