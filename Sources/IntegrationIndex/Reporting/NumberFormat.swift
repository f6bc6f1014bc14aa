import Foundation

/// Numbers as a reader of the report's language expects them: one decimal on the 0–100
/// scale, decimal comma in Spanish.
public struct NumberFormat: Sendable {
    public var language: Language

    public init(language: Language) { self.language = language }

    public func decimal(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "" }
        var text = FixedDecimal.text(value, digits: digits)
        if text.hasPrefix("-") && Double(text) == 0 { text.removeFirst() }
        return language == .es ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// Whole numbers with a thousands separator: `12.345` in Spanish, `12,345` in English.
    public func integer(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(language == .es ? "." : ",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A weighted count as a whole number of people, with a thousands separator.
    public func count(_ value: Double) -> String {
        value.isFinite ? integer(Int(value.rounded())) : ""
    }
}
