/// `report.md`: the tables of a policy brief, in the report's language, on the 0–100 scale,
/// with quality flags, significance marks and suppressed cells hidden.
public struct MarkdownReport: Sendable {
    public let data: ReportData

    public init(data: ReportData) { self.data = data }

    private var language: Language { data.language }
    private var format: NumberFormat { NumberFormat(language: language) }

    public func render() -> String {
        var lines: [String] = []
        lines.append("# \(escape(data.study.title[language]))")
        lines.append("")
        // No date: the same data gives the same report; the store records when it ran.
        lines.append(escape(data.instrument.title[language]))
        lines.append("")
        let quality = data.quality
        lines.append(
            "\(ReportText.data[language]): \(format.integer(quality.rowsRead)) \(ReportText.rowsRead[language]), \(format.integer(quality.rowsAccepted)) \(ReportText.rowsAccepted[language]), \(format.integer(quality.rowsQuarantined)) \(ReportText.rowsQuarantined[language]); \(format.integer(quality.findingCount)) \(ReportText.findings[language]).")
        lines.append("")
        lines.append(ReportText.scale[language])
        lines.append("")
        lines.append("## \(ReportText.summary[language])")
        lines.append("")
        lines.append("| \(ReportText.indicator[language]) | \(ReportText.estimate[language]) | \(ReportText.interval[language]) | n |")
        lines.append("|---|---:|---:|---:|")
        for indicator in data.indicators {
            guard let e = data.estimate(indicator.key) else { continue }
            lines.append("| \(escape(label(indicator))) | \(cell(e, comparison: nil)) | \(interval(e)) | \(format.integer(e.n)) |")
        }
        for group in data.groups {
            lines.append("")
            lines.append("## \(ReportText.byGroup[language]) \(escape(group.labels[language].lowercasedFirst))")
            lines.append("")
            lines.append("| \(escape(group.labels[language])) | " + data.indicators.map { escape(label($0)) }.joined(separator: " | ") + " | n |")
            lines.append("|---|" + String(repeating: "---:|", count: data.indicators.count) + "---:|")
            for (index, value) in group.values.enumerated() {
                let cells = data.indicators.map { indicator in
                    data.estimate(indicator.key, group: group.key, value: value).map {
                        cell($0, comparison: data.comparison(indicator.key, group: group.key, value: value))
                    } ?? ""
                }
                let n = data.estimate(IndexEstimate.overallKey, group: group.key, value: value)?.n ?? 0
                lines.append("| \(escape(group.valueLabels[index][language])) | " + cells.joined(separator: " | ") + " | \(format.integer(n)) |")
            }
        }
        let counting = data.countingIndicators.filter { data.estimate($0.key) != nil }
        if !counting.isEmpty, let settings = data.study.counting {
            lines.append("")
            lines.append("## \(ReportText.counting[language])")
            lines.append("")
            lines.append(escape(ReportText.countingMethod(settings, instrument: data.instrument, language: language)))
            lines.append("")
            lines.append("| \(ReportText.indicator[language]) | \(ReportText.estimate[language]) (%) | \(ReportText.interval[language]) | n |")
            lines.append("|---|---:|---:|---:|")
            for (key, label) in counting {
                let e = data.estimate(key)!
                lines.append("| \(escape(label[language])) | \(cell(e, comparison: nil)) | \(interval(e)) | \(format.integer(e.n)) |")
            }
            for group in data.groups {
                lines.append("")
                lines.append("| \(escape(group.labels[language])) | H (%) | A (%) | M0 | n |")
                lines.append("|---|---:|---:|---:|---:|")
                for (index, value) in group.values.enumerated() {
                    let cells = [CountingEstimates.headcount, CountingEstimates.intensity, CountingEstimates.adjustedHeadcount].map { key in
                        data.estimate(key, group: group.key, value: value).map { cell($0, comparison: nil) } ?? ""
                    }
                    let n = data.estimate(CountingEstimates.adjustedHeadcount, group: group.key, value: value)?.n ?? 0
                    lines.append("| \(escape(group.valueLabels[index][language])) | " + cells.joined(separator: " | ") + " | \(format.integer(n)) |")
                }
            }
        }
        if let settings = data.study.rankSensitivity, !data.ranks.isEmpty {
            lines.append("")
            lines.append("## \(ReportText.ranks[language])")
            lines.append("")
            lines.append(escape(ReportText.ranksMethod(settings, counting: data.study.counting != nil, design: data.study.design, language: language)))
            func text(_ rank: GroupRank?) -> [String] {
                guard let rank else { return ["", "", ""] }
                return [
                    "\(rank.rank)", format.decimal(rank.medianRank, digits: rank.medianRank == rank.medianRank.rounded() ? 0 : 1),
                    "\(format.decimal(rank.low, digits: 0))–\(format.decimal(rank.high, digits: 0))",
                ]
            }
            for group in data.groups {
                let ranks = data.ranks.filter { $0.groupKey == group.key && $0.indicator == IndexEstimate.overallKey }.sorted { ($0.medianRank, $0.rank) < ($1.medianRank, $1.rank) }
                guard !ranks.isEmpty else { continue }
                let headers = [ReportText.rank, ReportText.medianRank, ReportText.rankInterval].map { $0[language] }
                lines.append("")
                lines.append("| \(escape(group.labels[language])) | " + (headers + headers.map { "M0: \($0)" }).joined(separator: " | ") + " |")
                lines.append("|---|---:|---:|---:|---:|---:|---:|")
                for rank in ranks {
                    let label = group.label(of: rank.groupValue, in: language)
                    let m0 = data.ranks.first { $0.groupKey == group.key && $0.groupValue == rank.groupValue && $0.indicator == CountingEstimates.adjustedHeadcount }
                    lines.append("| \(escape(label)) | " + (text(rank) + text(m0)).joined(separator: " | ") + " |")
                }
            }
        }
        if let calibration = data.quality.calibration {
            lines.append("")
            lines.append("## \(ReportText.calibration[language])")
            lines.append("")
            lines.append(escape(data.calibrationText(calibration)))
            for margin in calibration.margins {
                lines.append("")
                lines.append("| \(escape(data.label(of: margin))) | \(ReportText.population[language]) | \(ReportText.respondentsInCell[language]) | \(ReportText.designWeighted[language]) | \(ReportText.calibrated[language]) |")
                lines.append("|---|---:|---:|---:|---:|")
                for cell in margin.cells {
                    lines.append(
                        "| \(escape(data.label(of: cell, in: margin))) | \(format.count(cell.population)) | \(format.integer(cell.respondents)) | \(format.count(cell.before)) | \(format.count(cell.after)) |")
                }
            }
        }
        if !data.quality.reliability.isEmpty {
            lines.append("")
            lines.append("## \(ReportText.reliability[language])")
            lines.append("")
            lines.append("| \(ReportText.dimension[language]) | \(ReportText.items[language]) | n | α |")
            lines.append("|---|---:|---:|---:|")
            for item in data.quality.reliability {
                let label = data.instrument.dimensions.first { $0.key == item.dimension }?.labels[language] ?? item.dimension
                let low = item.alpha.map { $0 < data.study.quality.minimumAlpha } ?? false
                let alpha = item.alpha.map { format.decimal($0, digits: 2) + (low ? " (\(ReportText.lowReliability[language]))" : "") } ?? ""
                lines.append("| \(escape(label)) | \(item.items) | \(format.integer(item.n)) | \(escape(alpha)) |")
            }
            lines.append("")
            lines.append(escape(ReportText.reliabilityNote(data.study.quality.minimumAlpha, language: language)))
        }
        if !data.quality.itemResponse.isEmpty {
            lines.append("")
            lines.append("## \(ReportText.itemNonResponse[language])")
            lines.append("")
            lines.append("| \(ReportText.question[language]) | \(ReportText.asked[language]) | \(ReportText.missingShare[language]) | \(ReportText.nonAnswerShare[language]) | \(ReportText.meanItemScore[language]) |")
            lines.append("|---|---:|---:|---:|---:|")
            for item in data.instrument.items {
                guard let response = data.quality.itemResponse.first(where: { $0.column == item.column }) else { continue }
                let rates = ReportData.rates(asked: response.asked, missing: response.missing, nonAnswers: response.nonAnswers)
                lines.append(
                    "| \(escape(item.labels[language])) `\(item.column)` | \(format.integer(response.asked)) | \(format.decimal(rates.missing)) | \(format.decimal(rates.nonAnswers)) | \(response.meanScore.map { format.decimal($0 * 100) } ?? "") |")
            }
            lines.append("")
            lines.append(escape(ReportText.itemNote[language]))
        }
        lines.append("")
        lines.append(ReportText.legend[language])
        lines.append("")
        lines.append(ReportText.significanceLegend(data.study.multipleComparisons)[language])
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private func label(_ indicator: (key: String, label: LocalizedText, isProportion: Bool)) -> String {
        indicator.label[language] + (indicator.isProportion ? " (%)" : "")
    }

    /// The value with its flag and mark; a suppressed value shows only "F".
    private func cell(_ e: IndexEstimate, comparison: IndexComparison?) -> String {
        let mark = comparison?.isSignificant == true ? "\\*" : ""
        switch e.flag {
        case .suppress: return "F"
        case .caution: return "\(format.decimal(e.estimate))\(mark) E"
        case .publish: return format.decimal(e.estimate) + mark
        }
    }

    private func interval(_ e: IndexEstimate) -> String {
        guard !e.isSuppressed, let low = e.ciLow, let high = e.ciHigh else { return "" }
        return "\(format.decimal(low)) – \(format.decimal(high))"
    }

    /// Keeps a label from breaking the table or injecting Markdown or HTML.
    private func escape(_ text: String) -> String { Self.escape(text) }

    /// Text as a Markdown table cell shows it literally.
    static func escape(_ text: String) -> String {
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
