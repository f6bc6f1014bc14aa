import Foundation

/// A stacked bar chart as inline SVG: one bar per row, cut into parts that add up to 100%,
/// with a legend. Used for each dimension's contribution to M0 by group (the counting view).
/// A row whose parts are not all shown (one suppressed) is drawn as its label and "F" alone.
struct StackedBarChart {
    struct Row {
        var label: String
        /// Percent per part, in legend order; `nil` when the row is suppressed.
        var parts: [Double]?
    }

    var rows: [Row]
    var legend: [String]
    var format: NumberFormat
    var title: String
    var width = 680.0
    private let rowHeight = 20.0
    private let labelWidth = 290.0
    private let top = 10.0

    init(rows: [Row], legend: [String], format: NumberFormat, title: String) {
        self.rows = rows
        self.legend = legend
        self.format = format
        self.title = title
    }

    /// Okabe and Ito's colours, told apart by colour-blind readers, then greys.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999", "#555555"]

    func svg() -> String {
        let legendRows = (legend.count + 2) / 3
        let height = top + Double(rows.count) * rowHeight + 24 + Double(legendRows) * 18
        let plotLeft = labelWidth
        let plotRight = width - 28
        func x(_ percent: Double) -> Double { plotLeft + percent / 100 * (plotRight - plotLeft) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(title.htmlEscaped)\">"
        for tick in stride(from: 0.0, through: 100, by: 25) {
            out += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(tick)))\" y2=\"\(f(top + Double(rows.count) * rowHeight))\" class=\"grid\"/>"
            out += "<text x=\"\(f(x(tick)))\" y=\"\(f(top + Double(rows.count) * rowHeight + 14))\" class=\"tick\" text-anchor=\"middle\">\(format.decimal(tick, digits: 0))&#160;%</text>"
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            out += "<text x=\"\(f(plotLeft - 8))\" y=\"\(f(y + rowHeight * 0.68))\" class=\"label\" style=\"font-size:12px\" text-anchor=\"end\">\(row.label.htmlEscaped)</text>"
            guard let parts = row.parts else {
                out += "<text x=\"\(f(plotLeft + 4))\" y=\"\(f(y + rowHeight * 0.68))\" class=\"flag\">F</text>"
                continue
            }
            var start = 0.0
            for (part, percent) in parts.enumerated() where percent > 0 {
                let colour = Self.colours[part % Self.colours.count]
                out += "<rect x=\"\(f(x(start)))\" y=\"\(f(y + 3))\" width=\"\(f(x(start + percent) - x(start)))\" height=\"\(f(rowHeight - 6))\" fill=\"\(colour)\">"
                out += "<title>\(legend[part].htmlEscaped): \(format.decimal(percent))&#160;%</title></rect>"
                start += percent
            }
        }
        let legendTop = top + Double(rows.count) * rowHeight + 26
        for (part, name) in legend.enumerated() {
            let column = Double(part % 3)
            let y = legendTop + Double(part / 3) * 18
            let left = plotLeft + column * (plotRight - plotLeft) / 3
            out += "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"11\" height=\"11\" fill=\"\(Self.colours[part % Self.colours.count])\"/>"
            out += "<text x=\"\(f(left + 16))\" y=\"\(f(y + 10))\" class=\"tick\">\(name.htmlEscaped)</text>"
        }
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { FixedDecimal.text(value, digits: 1) }
}
