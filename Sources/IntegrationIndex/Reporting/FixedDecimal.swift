import Foundation

/// `String(format: "%.Nf", value)` without Foundation's formatter (tables → reports): the
/// reports' charts write thousands of coordinates, and each went through a locale-aware
/// format string at some 12,000 instructions (a third of the reports' time). The text is
/// the same to the byte: the number rounded to `digits` decimals from its exact binary
/// value, an exact tie to the even last digit, and a minus sign whenever the sign bit is set
/// (`-0.0`), as printf writes it.
enum FixedDecimal {
    /// 10^d for d in 0...15, exact in a `Double`.
    private static let powers: [Double] = (0...15).map { exponent in (0..<exponent).reduce(1.0) { acc, _ in acc * 10 } }

    static func text(_ value: Double, digits: Int) -> String {
        guard value.isFinite, (0...15).contains(digits) else { return printf(value, digits: digits) }
        let scale = powers[digits]
        let magnitude = abs(value)
        // Beyond 2^52 a scaled number has no fraction left to round by this method.
        guard magnitude * scale < 4_503_599_627_370_496 else { return printf(value, digits: digits) }
        // The exact product's integer part: the rounded product, moved by one where it
        // rounded across an integer (fma's one rounding keeps the exact difference's sign).
        var scaled = (magnitude * scale).rounded(.down)
        if (-scaled).addingProduct(magnitude, scale) < 0 {
            scaled -= 1
        } else if (-(scaled + 1)).addingProduct(magnitude, scale) >= 0 {
            scaled += 1
        }
        // Then to nearest, an exact tie to even.
        let aboveHalf = (-(scaled + 0.5)).addingProduct(magnitude, scale)
        if aboveHalf > 0 || (aboveHalf == 0 && scaled.truncatingRemainder(dividingBy: 2) != 0) { scaled += 1 }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        var text = value.sign == .minus ? "-" : ""
        text += String(units / divisor)
        if digits > 0 {
            let fraction = String(units % divisor)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    private static func printf(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", locale: nil, value)
    }
}
