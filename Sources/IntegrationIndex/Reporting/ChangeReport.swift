import Foundation

/// The documents of `integra compare`: change.md and change.html, in either language. The
/// population's change of every indicator, a chart of the dimensions' changes with their
/// intervals, the overall index's change by every group, and the counting view's figures.
/// A change of a suppressed estimate shows "F" and nothing of its value.
public struct ChangeReport: Sendable {
    public var study: Study
    public var instrument: Instrument
    /// How the two waves are named in the documents.
    public var before: LocalizedText
    public var after: LocalizedText
    public var samples: WaveChange.Samples
    public var changes: [WaveChange]

    public init(study: Study, instrument: Instrument, before: LocalizedText, after: LocalizedText, samples: WaveChange.Samples, changes: [WaveChange]) {
        self.study = study
        self.instrument = instrument
        self.before = before
        self.after = after
        self.samples = samples
        self.changes = changes
        for (index, change) in changes.enumerated() { changeIndex["\(change.indicator)\u{0}\(change.groupKey)\u{0}\(change.groupValue)"] = index }
    }

    private var changeIndex: [String: Int] = [:]

    func change(_ indicator: String, group: String = "", value: String = "") -> WaveChange? {
        changeIndex["\(indicator)\u{0}\(group)\u{0}\(value)"].map { changes[$0] }
    }

    /// The index's indicators and the counting view's, with the labels the run's report uses.
    private var indexIndicators: [(key: String, label: LocalizedText)] {
        ReportData.indicators(study: study, instrument: instrument).map { ($0.key, $0.label) }
    }
    private var countingIndicators: [(key: String, label: LocalizedText)] { ReportData.countingIndicators(study: study, instrument: instrument) }

    /// The tables' rows: the index's indicators, then the counting view's H, A and M0.
    var indicators: [(key: String, label: LocalizedText)] { indexIndicators + countingIndicators.prefix(3) }

    public func indicatorName(_ key: String, language: Language) -> String {
        (indexIndicators + countingIndicators).first { $0.key == key }?.label[language] ?? key
    }

    /// The group variables in the study's order, each value once, as the changes list them.
    var groups: [(key: String, labels: LocalizedText, values: [(value: String, label: LocalizedText)])] {
        study.groups.map { variable in
            var values: [(value: String, label: LocalizedText)] = []
            for change in changes where change.groupKey == variable.key && change.indicator == IndexEstimate.overallKey {
                values.append((change.groupValue, change.groupLabel))
            }
            return (variable.key, variable.labels, values)
        }
    }

    // MARK: - Markdown

    public func markdown(language: Language) -> String {
        let format = NumberFormat(language: language)
        func text(_ localized: LocalizedText) -> String { localized[language] }
        func escape(_ text: String) -> String { MarkdownReport.escape(text) }
        var lines = ["# \(escape(text(ReportText.changeTitle))): \(escape(study.title[language]))", ""]
        lines.append("\(escape(before[language])) → \(escape(after[language])). \(escape(text(ReportText.samples(samples)))) \(escape(text(ReportText.changeScale)))")
        lines.append("")
        lines.append("## \(escape(text(ReportText.changeForAll)))")
        lines.append("")
        let header = "| \(text(ReportText.before)) | \(text(ReportText.after)) | \(text(ReportText.change)) | \(text(ReportText.interval)) | \(text(ReportText.adjustedP)) | n |"
        lines.append("| \(text(ReportText.indicator)) " + header)
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for (key, label) in indicators {
            guard let c = change(key) else { continue }
            lines.append("| \(escape(label[language])) | " + cells(c, format: format, mark: "\\*", caution: " E").joined(separator: " | ") + " |")
        }
        for group in groups where !group.values.isEmpty {
            lines.append("")
            lines.append("## \(escape(text(ReportText.changeByGroup))) \(escape(group.labels[language].lowercasedFirst))")
            lines.append("")
            lines.append("| \(escape(group.labels[language])) " + header)
            lines.append("|---|---:|---:|---:|---:|---:|---:|")
            for (value, label) in group.values {
                guard let c = change(IndexEstimate.overallKey, group: group.key, value: value) else { continue }
                lines.append("| \(escape(label[language])) | " + cells(c, format: format, mark: "\\*", caution: " E").joined(separator: " | ") + " |")
            }
        }
        lines.append("")
        lines.append(escape(text(ReportText.significantChange(study.multipleComparisons))) + " E: " + escape(text(ReportText.cautionChange)) + " F: "
                + escape(text(ReportText.suppressedChange)))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Before, after, change (marked when significant, and "E" when either estimate is to be
    /// used with caution), interval, adjusted p and n; "F" for a hidden change.
    private func cells(_ c: WaveChange, format: NumberFormat, mark: String, caution: String) -> [String] {
        func value(_ v: Double?) -> String { v.map { format.decimal($0) } ?? "F" }
        let n = c.nBefore == c.nAfter ? format.integer(c.nAfter) : "\(format.integer(c.nBefore)) / \(format.integer(c.nAfter))"
        guard let change = c.change else { return [value(c.before), value(c.after), "F", "", "", n] }
        let signed = (change > 0 ? "+" : "") + format.decimal(change) + (c.isSignificant ? mark : "") + (c.flag == .caution ? caution : "")
        // "from … to …": a dash between two negative numbers would read as a minus.
        let interval = c.ciLow.flatMap { low in c.ciHigh.map { "\(format.decimal(low)) \(ReportText.intervalTo[format.language]) \(format.decimal($0))" } } ?? ""
        let p = c.adjustedPValue.map { $0 < 0.001 ? "< \(format.decimal(0.001, digits: 3))" : format.decimal($0, digits: 3) } ?? ""
        return [value(c.before), value(c.after), signed, interval, p, n]
    }

    // MARK: - HTML

    /// One self-contained page, styled as report.html.
    public func html(language: Language) -> String {
        let format = NumberFormat(language: language)
        func text(_ localized: LocalizedText) -> String { localized[language].htmlEscaped }
        var html = HTMLReport.pageStart(language: language, title: "\(ReportText.changeTitle[language]): \(study.title[language])")
        html += """
            <header>
            <h1>\(text(ReportText.changeTitle))</h1>
            <p class="subtitle">\(study.title[language].htmlEscaped)</p>
            <p class="note">\(before[language].htmlEscaped) → \(after[language].htmlEscaped). \(text(ReportText.samples(samples))) \(text(ReportText.changeScale))</p>
            </header>

            """
        let header = "<th scope=\"col\">\(text(ReportText.before))</th><th scope=\"col\">\(text(ReportText.after))</th><th scope=\"col\">\(text(ReportText.change))</th><th scope=\"col\">\(text(ReportText.interval))</th><th scope=\"col\">\(text(ReportText.adjustedP))</th><th scope=\"col\">n</th>"
        func row(_ label: String, _ c: WaveChange) -> String {
            let cells = cells(c, format: format, mark: "<span class=\"star\">*</span>", caution: "&nbsp;<span class=\"flag\">E</span>").enumerated().map { index, cell in
                index < 3 && cell == "F" ? "<td class=\"suppressed\"><span class=\"flag\">F</span></td>" : "<td>\(cell)</td>"
            }
            return "<tr><th scope=\"row\">\(label.htmlEscaped)</th>\(cells.joined())</tr>\n"
        }
        func chartRow(_ label: String, _ c: WaveChange?) -> DotChart.Row {
            DotChart.Row(label: label, estimate: c?.change, low: c?.ciLow, high: c?.ciHigh, emphasized: c?.isSignificant ?? false,
                note: c?.flag == .caution ? " E" : "")
        }
        let legend = text(ReportText.significantChange(study.multipleComparisons))

        html += "<section id=\"change\">\n<h2>\(text(ReportText.changeForAll))</h2>\n"
        html += "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">\(text(ReportText.indicator))</th>\(header)</tr></thead>\n<tbody>\n"
        for (key, label) in indicators {
            if let c = change(key) { html += row(label[language], c) }
        }
        html += "</tbody></table></div>\n"
        let dimensionRows = (instrument.dimensions.map { ($0.key, $0.labels) } + [(IndexEstimate.overallKey, ReportText.overall)]).map { key, label in
            chartRow(label[language], change(key))
        }
        var chart = DotChart(rows: dimensionRows, format: format, title: ReportText.changeOfIndex[language])
        chart.axis = .changes
        html += "<figure>\(chart.svg())<figcaption>\(text(ReportText.changeOfIndex)). \(legend)</figcaption></figure>\n</section>\n"

        for group in groups where !group.values.isEmpty {
            let title = "\(ReportText.changeByGroup[language]) \(group.labels[language].lowercasedFirst)"
            html += "<section class=\"group\">\n<h2>\(title.htmlEscaped)</h2>\n"
            html += "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">\(group.labels[language].htmlEscaped)</th>\(header)</tr></thead>\n<tbody>\n"
            for (value, label) in group.values {
                if let c = change(IndexEstimate.overallKey, group: group.key, value: value) { html += row(label[language], c) }
            }
            html += "</tbody></table></div>\n"
            var chart = DotChart(
                rows: group.values.map { chartRow($0.label[language], change(IndexEstimate.overallKey, group: group.key, value: $0.value)) }, format: format,
                title: title)
            chart.axis = .changes
            html += "<figure>\(chart.svg())<figcaption>\(title.htmlEscaped). \(legend)</figcaption></figure>\n</section>\n"
        }
        html += "<p class=\"note\">\(legend) E: \(text(ReportText.cautionChange)) F: \(text(ReportText.suppressedChange))</p>\n"
        html += "<footer>\(text(ReportText.generated))</footer>\n</main>\n</body>\n</html>\n"
        return html
    }
}
