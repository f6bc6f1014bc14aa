import Foundation

/// `report.html`: one self-contained page (inline CSS and SVG, nothing fetched) a policy team
/// can publish: summary, dimension profile, one table and chart per group variable with
/// significance marks, data quality and method, in the report's language, printable on A4.
/// Every label is escaped; a suppressed value appears nowhere in the page.
public struct HTMLReport: Sendable {
    public let data: ReportData
    public var integraVersion: String

    public init(data: ReportData, integraVersion: String) {
        self.data = data
        self.integraVersion = integraVersion
    }

    var language: Language { data.language }
    var format: NumberFormat { NumberFormat(language: language) }
    func text(_ localized: LocalizedText) -> String { localized[language].htmlEscaped }

    public func render() -> String {
        var html = Self.pageStart(language: language, title: data.study.title[language])
        html += header()
        html += summary()
        html += profile()
        for group in data.groups { html += groupSection(group) }
        html += countingSection()
        html += ranksSection()
        html += qualitySection()
        html += methodSection()
        html += "<footer>\(text(ReportText.generated)) \(integraVersion.htmlEscaped)</footer>\n</main>\n</body>\n</html>\n"
        return html
    }

    /// A page's opening up to its `<main>`: language, title and the inline style.
    static func pageStart(language: Language, title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title.htmlEscaped)</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>

        """
    }

    private func header() -> String {
        let quality = data.quality
        let isoDate = ISO8601DateFormatter.string(from: data.date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        return """
            <header>
            <h1>\(data.study.title[language].htmlEscaped)</h1>
            <p class="subtitle">\(data.instrument.title[language].htmlEscaped) · <time datetime="\(isoDate)">\(ReportText.date(data.date, language: language))</time></p>
            <p class="note">\(text(ReportText.data)): \(format.integer(quality.rowsRead)) \(text(ReportText.rowsRead)), \(format.integer(quality.rowsAccepted)) \(text(ReportText.rowsAccepted)), \(format.integer(quality.rowsQuarantined)) \(text(ReportText.rowsQuarantined)). \(text(ReportText.scale))</p>
            </header>

            """
    }

    /// A value with its flag, or "F" alone.
    func shown(_ e: IndexEstimate?) -> String {
        guard let e else { return "" }
        switch e.flag {
        case .suppress: return "<span class=\"flag\">F</span>"
        case .caution: return "\(format.decimal(e.estimate))&nbsp;<span class=\"flag\">E</span>"
        case .publish: return format.decimal(e.estimate)
        }
    }

    func interval(_ e: IndexEstimate?) -> String {
        guard let e, !e.isSuppressed, let low = e.ciLow, let high = e.ciHigh else { return "" }
        return "\(format.decimal(low))–\(format.decimal(high))"
    }

    private func summary() -> String {
        var html = "<section id=\"summary\">\n<h2>\(text(ReportText.summary))</h2>\n<div class=\"cards\">\n"
        for indicator in data.indicators {
            guard let e = data.estimate(indicator.key) else { continue }
            html += card(indicator.label[language], e, percent: indicator.isProportion, main: indicator.key == IndexEstimate.overallKey)
        }
        return html + "</div>\n</section>\n"
    }

    /// One headline figure: its label, value (with its flag, or "F" alone) and interval.
    func card(_ label: String, _ e: IndexEstimate, percent: Bool, main: Bool = false) -> String {
        let value = e.isSuppressed || !percent ? shown(e) : shown(e) + "&nbsp;%"
        return """
            <div class="card\(main ? " main" : "")"><div class="card-label">\(label.htmlEscaped)</div>\
            <div class="card-value">\(value)</div>\
            <div class="card-detail">\(e.isSuppressed ? "" : "\(text(ReportText.interval)) \(interval(e)) · ")n = \(format.integer(e.n))</div></div>

            """
    }

    private func profile() -> String {
        let rows = (data.instrument.dimensions.map { ($0.key, $0.labels) } + [(IndexEstimate.overallKey, ReportText.overall)]).map { key, label in
            chartRow(label: label[language], estimate: data.estimate(key), emphasized: false)
        }
        let chart = DotChart(rows: rows, format: format, title: ReportText.profile[language])
        return "<section id=\"profile\">\n<h2>\(text(ReportText.profile))</h2>\n<figure>\(chart.svg())<figcaption>\(text(ReportText.interval)).</figcaption></figure>\n</section>\n"
    }

    private func chartRow(label: String, estimate e: IndexEstimate?, emphasized: Bool, note: String = "") -> DotChart.Row {
        guard let e, !e.isSuppressed, e.estimate.isFinite else { return DotChart.Row(label: label, estimate: nil, low: nil, high: nil) }
        return DotChart.Row(
            label: label, estimate: e.estimate, low: e.ciLow, high: e.ciHigh, emphasized: emphasized,
            note: (e.flag == .caution ? " E" : "") + note)
    }

    private func groupSection(_ group: ReportData.Group) -> String {
        var html = "<section class=\"group\">\n<h2>\(text(ReportText.byGroup)) \(group.labels[language].lowercasedFirst.htmlEscaped)</h2>\n"
        // The table: groups × indicators, each column shaded from its lowest to its highest
        // shown value (lightness only, so it survives grey printing).
        var ranges: [String: (Double, Double)] = [:]
        for indicator in data.indicators {
            let values = group.values.compactMap { data.estimate(indicator.key, group: group.key, value: $0) }.filter { !$0.isSuppressed }.map(\.estimate)
            if let low = values.min(), let high = values.max() { ranges[indicator.key] = (low, high) }
        }
        html += "<div class=\"table-wrap\"><table class=\"heat\">\n<thead><tr><th scope=\"col\">\(group.labels[language].htmlEscaped)</th>"
        for indicator in data.indicators {
            html += "<th scope=\"col\">\(indicator.label[language].htmlEscaped)\(indicator.isProportion ? " (%)" : "")</th>"
        }
        html += "<th scope=\"col\">n</th></tr></thead>\n<tbody>\n"
        for (index, value) in group.values.enumerated() {
            let isReference = value == group.reference
            let label = group.valueLabels[index][language].htmlEscaped + (isReference ? " <span class=\"ref\">(\(text(ReportText.reference)))</span>" : "")
            html += "<tr><th scope=\"row\">\(label)</th>"
            for indicator in data.indicators {
                let e = data.estimate(indicator.key, group: group.key, value: value)
                let star = data.comparison(indicator.key, group: group.key, value: value)?.isSignificant == true ? "<span class=\"star\">*</span>" : ""
                guard let e, !e.isSuppressed, let range = ranges[indicator.key] else {
                    html += "<td class=\"suppressed\">\(shown(e))</td>"
                    continue
                }
                let share = range.1 > range.0 ? (e.estimate - range.0) / (range.1 - range.0) : 0.5
                let lightness = 94 - 52 * share
                let ink = lightness < 60 ? " dark" : ""
                html += "<td class=\"shade\(ink)\" style=\"background-color:hsl(212,45%,\(FixedDecimal.text(lightness, digits: 0))%)\">\(shown(e))\(star)</td>"
            }
            let n = data.estimate(IndexEstimate.overallKey, group: group.key, value: value)?.n ?? 0
            html += "<td class=\"n\">\(format.integer(n))</td></tr>\n"
        }
        html += "</tbody></table></div>\n<p class=\"note\">\(text(ReportText.shading))</p>\n"

        let rows = group.values.enumerated().map { index, value in
            let significant = data.comparison(IndexEstimate.overallKey, group: group.key, value: value)?.isSignificant == true
            return chartRow(
                label: group.valueLabels[index][language], estimate: data.estimate(IndexEstimate.overallKey, group: group.key, value: value),
                emphasized: significant)
        }
        let title = "\(ReportText.overall[language]) · \(group.labels[language])"
        html += "<figure>\(DotChart(rows: rows, format: format, title: title).svg())<figcaption>\(title.htmlEscaped). \(text(ReportText.significanceLegend(data.study.multipleComparisons)))</figcaption></figure>\n"
        return html + "</section>\n"
    }

    /// Each group variable's groups by median rank, with their 90% interval of ranks: on the
    /// overall index and, beside it, on M0.
    private func ranksSection() -> String {
        guard let settings = data.study.rankSensitivity, !data.ranks.isEmpty else { return "" }
        var html = "<section id=\"ranks\">\n<h2>\(text(ReportText.ranks))</h2>\n<p>\(ReportText.ranksMethod(settings, counting: data.study.counting != nil, design: data.study.design, language: language).htmlEscaped)</p>\n"
        for group in data.groups {
            var figures: [String] = []
            for (indicator, name) in [(IndexEstimate.overallKey, ReportText.overall), (CountingEstimates.adjustedHeadcount, ReportText.adjustedHeadcount)] {
                let ranks = data.ranks.filter { $0.groupKey == group.key && $0.indicator == indicator }.sorted { ($0.medianRank, $0.rank) < ($1.medianRank, $1.rank) }
                guard let count = ranks.first?.ranked else { continue }
                let rows = ranks.map { rank in
                    let label = group.label(of: rank.groupValue, in: language)
                    return DotChart.Row(
                        label: label, estimate: rank.medianRank, low: rank.low, high: rank.high,
                        note: "\(format.decimal(rank.medianRank, digits: rank.medianRank == rank.medianRank.rounded() ? 0 : 1)) (\(format.decimal(rank.low, digits: 0))–\(format.decimal(rank.high, digits: 0)))")
                }
                let title = "\(name[language]) · \(group.labels[language])"
                var chart = DotChart(rows: rows, format: format, title: title)
                chart.axis = .ranks(count)
                figures.append("<figure>\(chart.svg())<figcaption>\(text(ReportText.medianRank)): \(title.htmlEscaped) (\(text(ReportText.rankInterval)))</figcaption></figure>")
            }
            if !figures.isEmpty { html += "<div class=\"columns\">\n" + figures.joined(separator: "\n") + "\n</div>\n" }
        }
        return html + "</section>\n"
    }

    private func qualitySection() -> String {
        let quality = data.quality
        var html = "<section id=\"quality\">\n<h2>\(text(ReportText.quality))</h2>\n"
        html += "<p>\(format.integer(quality.rowsRead)) \(text(ReportText.rowsRead)) = \(format.integer(quality.rowsAccepted)) \(text(ReportText.rowsAccepted)) + \(format.integer(quality.rowsQuarantined)) \(text(ReportText.rowsQuarantined)); \(format.integer(quality.findingCount)) \(text(ReportText.findings)).</p>\n"
        html += "<div class=\"columns\">\n<div><h3>\(text(ReportText.quarantineReasons))</h3>"
        if quality.quarantineKinds.isEmpty {
            html += "<p>\(text(ReportText.none))</p>"
        } else {
            html += "<table class=\"plain\"><thead><tr><th>\(text(ReportText.reason))</th><th>\(text(ReportText.count))</th></tr></thead><tbody>"
            for (kind, count) in quality.quarantineKinds {
                html += "<tr><td>\(text(ReportText.quarantineKind(kind)))</td><td class=\"n\">\(format.integer(count))</td></tr>"
            }
            html += "</tbody></table>"
        }
        html += "</div>\n<div><h3>\(text(ReportText.findingSummary))</h3>"
        if quality.findings.isEmpty {
            html += "<p>\(text(ReportText.none))</p>"
        } else {
            html += "<table class=\"plain\"><thead><tr><th>\(text(ReportText.column))</th><th>\(text(ReportText.rule))</th><th>\(text(ReportText.count))</th></tr></thead><tbody>"
            for (column, rule, count) in quality.findings.prefix(20) {
                html += "<tr><td><code>\(column.htmlEscaped)</code></td><td>\(text(ReportText.findingRule(rule)))</td><td class=\"n\">\(format.integer(count))</td></tr>"
            }
            html += "</tbody></table>"
        }
        html += "</div>\n</div>\n"
        if let calibration = quality.calibration { html += calibrationTables(calibration) }
        if !quality.reliability.isEmpty {
            html += "<h3>\(text(ReportText.reliability))</h3>\n<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>\(text(ReportText.dimension))</th>"
            html += "<th>\(text(ReportText.items))</th><th>n</th><th>α</th><th></th></tr></thead><tbody>\n"
            for item in quality.reliability {
                let label = data.instrument.dimensions.first { $0.key == item.dimension }?.labels[language] ?? item.dimension
                let low = item.alpha.map { $0 < data.study.quality.minimumAlpha } ?? false
                html += "<tr><td>\(label.htmlEscaped)</td><td class=\"n\">\(item.items)</td><td class=\"n\">\(format.integer(item.n))</td>"
                html += "<td class=\"n\">\(item.alpha.map { format.decimal($0, digits: 2) } ?? "")</td><td>\(low ? text(ReportText.lowReliability) : "")</td></tr>\n"
            }
            html += "</tbody></table></div>\n<p class=\"note\">\(ReportText.reliabilityNote(data.study.quality.minimumAlpha, language: language).htmlEscaped)</p>\n"
        }
        if !quality.correlations.isEmpty {
            // The lower triangle: a row per dimension, a column per earlier dimension.
            let dimensions = data.instrument.dimensions
            html += "<h3>\(text(ReportText.correlations))</h3>\n<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th></th>"
            for dimension in dimensions.dropLast() { html += "<th>\(dimension.labels[language].htmlEscaped)</th>" }
            html += "</tr></thead><tbody>\n"
            for (b, row) in dimensions.enumerated().dropFirst() {
                html += "<tr><th scope=\"row\">\(row.labels[language].htmlEscaped)</th>"
                for a in 0..<dimensions.count - 1 {
                    let value = a < b ? quality.correlations.first { $0.first == dimensions[a].key && $0.second == row.key }?.correlation : nil
                    html += "<td class=\"n\">\(value.map { format.decimal($0, digits: 2) } ?? "")</td>"
                }
                html += "</tr>\n"
            }
            html += "</tbody></table></div>\n<p class=\"note\">\(text(ReportText.correlationNote))</p>\n"
        }
        html += "<h3>\(text(ReportText.itemNonResponse))</h3>\n"
        html += "<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>\(text(ReportText.dimension))</th><th>\(text(ReportText.question))</th><th>\(text(ReportText.asked))</th><th>\(text(ReportText.missingShare))</th><th>\(text(ReportText.nonAnswerShare))</th><th>\(text(ReportText.meanItemScore))</th></tr></thead><tbody>\n"
        for dimension in data.instrument.dimensions {
            for item in dimension.items {
                guard let response = quality.itemResponse.first(where: { $0.column == item.column }) else { continue }
                let rates = ReportData.rates(asked: response.asked, missing: response.missing, nonAnswers: response.nonAnswers)
                html += "<tr><td>\(dimension.labels[language].htmlEscaped)</td><td>\(item.labels[language].htmlEscaped) <code>\(item.column.htmlEscaped)</code></td><td class=\"n\">\(format.integer(response.asked))</td><td class=\"n\">\(format.decimal(rates.missing))</td><td class=\"n\">\(format.decimal(rates.nonAnswers))</td><td class=\"n\">\(response.meanScore.map { format.decimal($0 * 100) } ?? "")</td></tr>\n"
            }
        }
        return html + "</tbody></table></div>\n<p class=\"note\">\(text(ReportText.itemNote))</p>\n</section>\n"
    }

    /// The calibration paragraph and, per margin, each cell's population against the sample.
    private func calibrationTables(_ calibration: CalibrationSummary) -> String {
        var html = "<h3>\(text(ReportText.calibration))</h3>\n<p>\(data.calibrationText(calibration).htmlEscaped)</p>\n"
        for margin in calibration.margins {
            html += "<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>\(data.label(of: margin).htmlEscaped)</th><th>\(text(ReportText.population))</th>"
            html += "<th>\(text(ReportText.respondentsInCell))</th><th>\(text(ReportText.designWeighted))</th><th>\(text(ReportText.calibrated))</th></tr></thead><tbody>\n"
            for cell in margin.cells {
                html += "<tr><td>\(data.label(of: cell, in: margin).htmlEscaped)</td><td class=\"n\">\(format.count(cell.population))</td><td class=\"n\">\(format.integer(cell.respondents))</td>"
                html += "<td class=\"n\">\(format.count(cell.before))</td><td class=\"n\">\(format.count(cell.after))</td></tr>\n"
            }
            html += "</tbody></table></div>\n"
        }
        return html
    }

    private func methodSection() -> String {
        let instrument = data.instrument
        var html = "<section id=\"method\">\n<h2>\(text(ReportText.method))</h2>\n"
        html += "<p>\(text(ReportText.scoringMethod(instrument)))</p>\n"
        html += "<table class=\"plain\"><thead><tr><th>\(text(ReportText.dimension))</th><th>\(text(ReportText.items))</th><th>\(text(ReportText.minimumItems))</th><th>\(text(ReportText.weight))</th><th>\(text(ReportText.inIndex))</th></tr></thead><tbody>\n"
        for dimension in instrument.dimensions {
            html += "<tr><td>\(dimension.labels[language].htmlEscaped)</td><td class=\"n\">\(dimension.items.count)</td><td class=\"n\">\(dimension.minItems)</td><td class=\"n\">\(format.decimal(dimension.weight, digits: dimension.weight == dimension.weight.rounded() ? 0 : 2))</td><td>\(text(dimension.inIndex ? ReportText.yes : ReportText.no))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if !instrument.source.isEmpty { html += "<p class=\"note\">\(instrument.source.htmlEscaped)</p>\n" }
        html += "<h3>\(text(ReportText.design))</h3>\n<p>\(ReportText.design(data.study.design, language: language).htmlEscaped)"
        if let calibration = data.quality.calibration { html += " " + ReportText.calibratedDesign(calibration, marginNames: calibration.margins.map(data.label(of:)), language: language).htmlEscaped }
        html += "</p>\n"
        html += "<p class=\"note\">\(text(ReportText.legend))</p>\n<p class=\"note\">\(text(ReportText.significanceLegend(data.study.multipleComparisons)))</p>\n"
        return html + "</section>\n"
    }

    static let style = """
        :root{--ink:#1d2733;--muted:#5a6573;--line:#d5dbe3;--accent:#1f4e79}
        *{box-sizing:border-box}
        body{margin:0;background:#fff;color:var(--ink);font:15px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif}
        main{max-width:1040px;margin:0 auto;padding:28px 32px}
        h1{font-size:26px;margin:0 0 6px;color:var(--accent)}
        h2{font-size:19px;margin:34px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--accent);color:var(--accent)}
        h3{font-size:15px;margin:18px 0 8px}
        .subtitle{margin:0 0 6px;color:var(--muted)}
        .note{color:var(--muted);font-size:13px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px}
        .card{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
        .card.main{border:2px solid var(--accent)}
        .card-label{font-size:13px;color:var(--muted)}
        .card-value{font-size:26px;font-weight:bold;margin:2px 0}
        .card-detail{font-size:12px;color:var(--muted)}
        .flag{font-size:.8em;font-weight:bold;border:1px solid currentColor;border-radius:3px;padding:0 3px}
        figure{margin:12px 0 4px;break-inside:avoid;page-break-inside:avoid}
        figure svg{max-width:780px;display:block}
        figcaption{font-size:12px;color:var(--muted)}
        svg .grid{stroke:#e3e7ec;stroke-width:1}
        svg .zero{stroke:#4a5868;stroke-width:1.2}
        svg .tick{font-size:11px;fill:var(--muted)}
        .swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .9em;vertical-align:-.05em}
        svg .label{font-size:13px;fill:var(--ink)}
        svg .value{font-size:13px;fill:var(--ink);font-weight:bold}
        svg .whisker{stroke:#4a5868;stroke-width:1.6}
        svg .dot{fill:#fff;stroke:var(--accent);stroke-width:2.2}
        svg .dot.strong{fill:var(--accent)}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;font-size:13px;margin:6px 0}
        th,td{padding:5px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{font-size:12px;color:var(--muted);font-weight:bold;border-bottom:2px solid var(--line)}
        table.heat td{text-align:right;white-space:nowrap}
        table.heat td.shade{color:#102030}
        table.heat td.shade.dark{color:#fff}
        td.suppressed{color:var(--muted);text-align:center}
        td.n{text-align:right;color:var(--muted)}
        .ref{font-weight:normal;color:var(--muted);font-size:12px}
        .star{font-weight:bold;margin-left:1px}
        .columns{display:grid;grid-template-columns:1fr 1fr;gap:24px}
        code{font-size:12px;color:var(--muted)}
        footer{margin-top:40px;font-size:12px;color:var(--muted)}
        @page{size:A4;margin:14mm}
        @media print{
          body{font-size:11pt}
          main{max-width:none;padding:0}
          h2,h3{break-after:avoid;page-break-after:avoid}
          table,.cards,figure{break-inside:avoid;page-break-inside:avoid}
          .table-wrap{overflow:visible}
          table.heat{width:100%;table-layout:fixed;font-size:7.5pt}
          table.heat th,table.heat td{padding:3px 2px;white-space:normal;overflow-wrap:break-word;hyphens:auto}
          thead th{font-size:7pt}
          table.heat th[scope=row]{width:16%}
          figure svg{max-width:165mm}
          .cards{grid-template-columns:repeat(4,1fr)}
          .card-value{font-size:18pt}
          table.heat td.shade,.card{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        }
        """
}
