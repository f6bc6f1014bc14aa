/// Writes numbers as decimal text straight into a byte buffer. Respondent files have millions
/// of scores: the shortest round-trip text of a double costs several times more than this
/// fixed-point form, which is exact to 1e-10 on the 0–100 scale.
public enum DecimalText {
    private static let powers: [UInt64] = (0...12).map { exponent in (0..<exponent).reduce(1) { acc, _ in acc * 10 } }

    /// Appends `value` with at most `decimals` digits after the point, trailing zeros
    /// dropped (`62.5`, `100`, `45.8333333333`); nothing for NaN.
    public static func append(_ value: Double, decimals: Int = 10, to bytes: inout [UInt8]) {
        guard value.isFinite else { return }
        guard abs(value) < 1e6, decimals <= 12 else {
            bytes.append(contentsOf: value.csvText.utf8)
            return
        }
        let scale = powers[decimals]
        var scaled = UInt64((abs(value) * Double(scale)).rounded())
        if value < 0 && scaled > 0 { bytes.append(UInt8(ascii: "-")) }
        let integer = scaled / scale
        scaled %= scale
        appendInteger(integer, to: &bytes)
        guard scaled > 0 else { return }
        var digits = decimals
        while scaled % 10 == 0 {
            scaled /= 10
            digits -= 1
        }
        bytes.append(UInt8(ascii: "."))
        for _ in 0..<digits { bytes.append(UInt8(ascii: "0")) }
        var index = bytes.count - 1
        while scaled > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(scaled % 10)
            scaled /= 10
            index -= 1
        }
    }

    public static func appendInteger(_ value: UInt64, to bytes: inout [UInt8]) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
