import Foundation

/// The counting view's section of report.html: H, A and M0, each dimension's headcounts and
/// contribution, contributions by group as stacked bars, M0 by group with population shares,
/// and the robustness of H, A and M0 to k. Empty when the study has no counting view.
extension HTMLReport {
    func countingSection() -> String {
        guard let settings = data.study.counting, data.estimate(CountingEstimates.adjustedHeadcount) != nil else { return "" }
        let dimensions = data.instrument.indexDimensions
        var html = "<section id=\"counting\">\n<h2>\(text(ReportText.counting))</h2>\n"
        html += "<p>\(ReportText.countingMethod(settings, instrument: data.instrument, language: language).htmlEscaped)</p>\n"
        html += "<div class=\"cards\">\n"
        for (key, label) in [
            (CountingEstimates.headcount, ReportText.headcount), (CountingEstimates.intensity, ReportText.intensity),
            (CountingEstimates.adjustedHeadcount, ReportText.adjustedHeadcount),
        ] {
            guard let e = data.estimate(key) else { continue }
            html += card(label[language], e, percent: true)
        }
        html += "</div>\n<h3>\(text(ReportText.byDimension))</h3>\n"
        html += "<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>\(text(ReportText.dimension))</th><th>\(text(ReportText.laggingIn))</th>"
        html += "<th>\(text(ReportText.laggingInAndOverall))</th><th>\(text(ReportText.contribution))</th><th>\(text(ReportText.interval))</th></tr></thead><tbody>\n"
        for dimension in dimensions {
            let contribution = data.estimate(CountingEstimates.contribution(dimension.key))
            html += "<tr><td>\(dimension.labels[language].htmlEscaped)</td><td class=\"n\">\(shown(data.estimate(CountingEstimates.lagging(dimension.key))))</td>"
            html += "<td class=\"n\">\(shown(data.estimate(CountingEstimates.censored(dimension.key))))</td><td class=\"n\">\(shown(contribution))</td><td class=\"n\">\(interval(contribution))</td></tr>\n"
        }
        html += "</tbody></table></div>\n"

        // Contributions by group: the population, then every value of each plain group variable.
        func parts(group: String, value: String) -> [Double]? {
            let estimates = dimensions.map { data.estimate(CountingEstimates.contribution($0.key), group: group, value: value) }
            guard estimates.allSatisfy({ $0 != nil && !$0!.isSuppressed && $0!.estimate.isFinite }) else { return nil }
            return estimates.map { $0!.estimate }
        }
        var rows = [StackedBarChart.Row(label: IndexEstimate.populationLabel[language], parts: parts(group: "", value: ""))]
        let plainGroups = data.groups.filter { group in
            data.study.groups.first { $0.key == group.key }.map { if case .crossing = $0.kind { return false } else { return true } } ?? true
        }
        for group in plainGroups {
            for (index, value) in group.values.enumerated() {
                rows.append(.init(label: "\(group.labels[language]): \(group.valueLabels[index][language])", parts: parts(group: group.key, value: value)))
            }
        }
        let title = ReportText.contributionsByGroup[language]
        let chart = StackedBarChart(rows: rows, legend: dimensions.map { $0.labels[language] }, format: format, title: title)
        html += "<figure>\(chart.svg())<figcaption>\(title.htmlEscaped). \(text(ReportText.legend))</figcaption></figure>\n"

        // M0 by group, with the population shares that decompose it.
        let population = data.estimate(CountingEstimates.adjustedHeadcount)
        for group in data.groups {
            html += "<h3>\(text(ReportText.byGroup)) \(group.labels[language].lowercasedFirst.htmlEscaped)</h3>\n"
            html += "<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>\(group.labels[language].htmlEscaped)</th><th>\(text(ReportText.populationShare))</th>"
            html += "<th>H (%)</th><th>A (%)</th><th>M0</th><th>n</th></tr></thead><tbody>\n"
            for (index, value) in group.values.enumerated() {
                let m0 = data.estimate(CountingEstimates.adjustedHeadcount, group: group.key, value: value)
                let share = m0.flatMap { e in population.map { 100 * e.weightedN / $0.weightedN } }
                html += "<tr><td>\(group.valueLabels[index][language].htmlEscaped)</td><td class=\"n\">\(share.map { format.decimal($0) } ?? "")</td>"
                html += "<td class=\"n\">\(shown(data.estimate(CountingEstimates.headcount, group: group.key, value: value)))</td>"
                html += "<td class=\"n\">\(shown(data.estimate(CountingEstimates.intensity, group: group.key, value: value)))</td>"
                html += "<td class=\"n\">\(shown(m0))</td><td class=\"n\">\(format.integer(m0?.n ?? 0))</td></tr>\n"
            }
            html += "</tbody></table></div>\n"
        }

        html += "<h3>\(text(ReportText.robustness))</h3>\n<div class=\"table-wrap\"><table class=\"plain\"><thead><tr><th>\(text(ReportText.threshold))</th>"
        html += "<th>H (%)</th><th>A (%)</th><th>M0</th><th>\(text(ReportText.interval)) M0</th></tr></thead><tbody>\n"
        for k in settings.allK {
            let m0 = data.estimate(CountingEstimates.atK(CountingEstimates.adjustedHeadcount, k))
            html += "<tr><td>\(format.decimal(k * 100, digits: 1))&nbsp;%\(k == settings.k ? " ←" : "")</td>"
            html += "<td class=\"n\">\(shown(data.estimate(CountingEstimates.atK(CountingEstimates.headcount, k))))</td>"
            html += "<td class=\"n\">\(shown(data.estimate(CountingEstimates.atK(CountingEstimates.intensity, k))))</td>"
            html += "<td class=\"n\">\(shown(m0))</td><td class=\"n\">\(interval(m0))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n</section>\n"
    }
}
