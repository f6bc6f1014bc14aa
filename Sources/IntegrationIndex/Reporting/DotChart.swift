import Foundation

/// A dot-and-whisker chart as inline SVG: one row per item with its estimate and 95%
/// interval on a shared axis. Used for the dimension profile and for group comparisons, and,
/// centred on zero, for changes between waves.
/// Suppressed items show their label and "F", and no mark from which a value could be read.
struct DotChart {
    struct Row {
        var label: String
        /// `nil` when suppressed.
        var estimate: Double?
        var low: Double?
        var high: Double?
        /// Filled dot and a star: significantly different from the reference.
        var emphasized = false
        var note = ""
    }

    var rows: [Row]
    var format: NumberFormat
    var title: String
    var width = 680.0
    var axis = Axis.scores

    /// What the axis shows.
    enum Axis {
        /// A stretch of the 0–100 scale, in tens.
        case scores
        /// Symmetric about zero, with a zero line and signed values (changes).
        case changes
        /// Ranks 1…n, a tick per rank (rank intervals); values written in each row's `note` only.
        case ranks(Int)
    }

    private var centeredOnZero: Bool { if case .changes = axis { true } else { false } }
    private var isRanks: Bool { if case .ranks = axis { true } else { false } }
    private let rowHeight = 26.0
    private let labelWidth = 230.0
    private let valueWidth = 70.0
    private let top = 28.0

    init(rows: [Row], format: NumberFormat, title: String) {
        self.rows = rows
        self.format = format
        self.title = title
    }

    /// Axis bounds rounded out to tens around every shown interval (0–100 at most); centred
    /// on zero, out to the next tick of a step that gives two to five ticks a side.
    private var bounds: (low: Double, high: Double, step: Double) {
        let values = rows.flatMap { [$0.low ?? $0.estimate, $0.high ?? $0.estimate].compactMap { $0 } }
        if case .ranks(let count) = axis { return (1, Double(max(count, 2)), 1) }
        if centeredOnZero {
            let reach = max(values.map(abs).max() ?? 1, 0.5)
            let step = [0.5, 1, 2, 5, 10, 20, 25, 50].first { reach / $0 <= 5 } ?? 50
            let high = (reach / step).rounded(.up) * step
            return (-high, high, step)
        }
        guard let minimum = values.min(), let maximum = values.max() else { return (0, 100, 10) }
        var low = max(0, (minimum / 10).rounded(.down) * 10)
        var high = min(100, (maximum / 10).rounded(.up) * 10)
        if high - low < 20 {
            low = max(0, low - 10)
            high = min(100, high + 10)
        }
        return (low, high, 10)
    }

    func svg() -> String {
        let height = top + Double(rows.count) * rowHeight + 30
        let plotLeft = labelWidth
        let plotRight = width - valueWidth
        let (low, high, step) = bounds
        func x(_ value: Double) -> Double { plotLeft + (value - low) / (high - low) * (plotRight - plotLeft) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(title.htmlEscaped)\">"
        // Grid and axis labels every 10 points.
        var tick = low
        while tick <= high + 1e-9 {
            let position = x(tick)
            out += "<line x1=\"\(f(position))\" y1=\"\(f(top - 6))\" x2=\"\(f(position))\" y2=\"\(f(height - 24))\" class=\"grid\"/>"
            out += "<text x=\"\(f(position))\" y=\"\(f(height - 8))\" class=\"tick\" text-anchor=\"middle\">\(number(tick, digits: step < 1 ? 1 : 0))</text>"
            tick += step
        }
        if centeredOnZero { out += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(0)))\" y2=\"\(f(height - 24))\" class=\"zero\"/>" }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight + rowHeight / 2
            out += "<text x=\"\(f(plotLeft - 10))\" y=\"\(f(y + 4))\" class=\"label\" text-anchor=\"end\">\(row.label.htmlEscaped)\(row.emphasized ? " *" : "")</text>"
            guard let estimate = row.estimate else {
                out += "<text x=\"\(f(plotRight + 8))\" y=\"\(f(y + 4))\" class=\"value\">F</text>"
                continue
            }
            if let lowValue = row.low, let highValue = row.high {
                out += "<line x1=\"\(f(x(lowValue)))\" y1=\"\(f(y))\" x2=\"\(f(x(highValue)))\" y2=\"\(f(y))\" class=\"whisker\"/>"
                for end in [lowValue, highValue] {
                    out += "<line x1=\"\(f(x(end)))\" y1=\"\(f(y - 5))\" x2=\"\(f(x(end)))\" y2=\"\(f(y + 5))\" class=\"whisker\"/>"
                }
            }
            out += "<circle cx=\"\(f(x(estimate)))\" cy=\"\(f(y))\" r=\"5\" class=\"\(row.emphasized ? "dot strong" : "dot")\"/>"
            out += "<text x=\"\(f(plotRight + 8))\" y=\"\(f(y + 4))\" class=\"value\">\(isRanks ? "" : number(estimate))\(row.note.htmlEscaped)</text>"
        }
        out += "</svg>"
        return out
    }

    private func f(_ value: Double) -> String { FixedDecimal.text(value, digits: 1) }

    /// A value as the chart writes it: signed when centred on zero.
    private func number(_ value: Double, digits: Int = 1) -> String {
        let text = format.decimal(value, digits: digits)
        return centeredOnZero && value > 0 ? "+" + text : text
    }
}
