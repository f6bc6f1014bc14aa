/// Writes numbers as decimal text straight into a byte buffer. Respondent files have millions
/// of scores: the shortest round-trip text of a double costs several times more than this
/// fixed-point form, which is exact to 1e-10 on the 0–100 scale.
public enum DecimalText {
    private static let powers: [UInt64] = (0...12).map { exponent in (0..<exponent).reduce(1) { acc, _ in acc * 10 } }

    /// Appends `value` with at most `decimals` digits after the point, trailing zeros
    /// dropped (`62.5`, `100`, `45.8333333333`); nothing for NaN.
    ///
    /// The text is made in a small buffer on the stack and appended in one go: appending a
    /// digit at a time cost a capacity and uniqueness check per digit, and this runs for
    /// every score of every respondent, twice (respondents.csv and the store).
    public static func append(_ value: Double, decimals: Int = 10, to bytes: inout [UInt8]) {
        guard value.isFinite else { return }
        guard abs(value) < 1e6, decimals <= 12 else {
            bytes.append(contentsOf: value.csvText.utf8)
            return
        }
        let scale = decimals == 10 ? 10_000_000_000 : powers[decimals]
        let scaled = Self.scaled(value, decimals: decimals)
        // The usual case has a constant scale, so dividing by it is a multiplication.
        var integer = decimals == 10 ? scaled / 10_000_000_000 : scaled / scale
        var fraction = decimals == 10 ? scaled % 10_000_000_000 : scaled % scale
        // A sign, at most 7 integer digits (rounding may reach 1000000), a point, 12 decimals.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            var end = 0
            if value < 0 && scaled > 0 {
                text[0] = UInt8(ascii: "-")
                end = 1
            }
            var digits = 1
            var probe = integer
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            end += digits
            var index = end
            repeat {
                index -= 1
                text[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: integer % 10)
                integer /= 10
            } while integer > 0
            if fraction > 0 {
                var fractionDigits = decimals
                while fraction % 10 == 0 {
                    fraction /= 10
                    fractionDigits -= 1
                }
                text[end] = UInt8(ascii: ".")
                end += 1 + fractionDigits
                index = end
                for _ in 0..<fractionDigits {
                    index -= 1
                    text[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: fraction % 10)
                    fraction /= 10
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<end]))
        }
    }

    /// |value| · 10^decimals, rounded: with the sign (shown only when this is not 0), all
    /// that `append` writes depends on, for |value| < 10^6 and `decimals` ≤ 12.
    @inline(__always)
    static func scaled(_ value: Double, decimals: Int) -> UInt64 {
        let scale = decimals == 10 ? 10_000_000_000 : powers[decimals]
        return UInt64((abs(value) * Double(scale)).rounded())
    }

    public static func appendInteger(_ value: UInt64, to bytes: inout [UInt8]) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { text in
            var index = 20
            var rest = value
            while rest > 0 {
                index -= 1
                text[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<20]))
        }
    }
}
