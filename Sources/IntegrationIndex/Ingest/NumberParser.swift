import Foundation

/// Parses decimal numbers straight from bytes. Short decimals (the usual weights, ages and
/// counts) take an exact fast path; anything else goes through `strtod`, so every value is
/// the correctly rounded double, as R reads it.
public enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The number in `bytes`, surrounding spaces allowed; `nil` when it is not a number.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        guard lower < upper else { return nil }
        var i = lower
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = true
        while i < upper {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(byte - 0x30)
                    // Leading zeros carry no precision; only significant digits are counted.
                    if mantissa > 0 { digits += 1 }
                } else {
                    simple = false
                }
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        let sawDigit = (lower..<upper).contains { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
        let hexadecimal = (lower..<upper).contains { bytes[$0] | 0x20 == UInt8(ascii: "x") }
        guard sawDigit, !hexadecimal else { return nil }
        if simple && digits <= 15 && fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return slowParse(UnsafeBufferPointer(rebasing: bytes[lower..<upper]))
    }

    /// The plain decimals survey files are nearly all made of, `-?digits[.digits]` with at
    /// most 15 digits (the mark a comma when `decimalComma`), read from `bytes[start..<end]`
    /// to exactly what `parse(_:decimalComma:)` gives them, without its look for other
    /// forms. `nil` for anything else, which `parse` must then decide.
    /// `readable` is where the bytes that may be read end (at or past `end`): a cell of up to
    /// eight bytes with eight readable from its first digit is read as one word
    /// (`plainWord`), not a byte at a time.
    @inline(__always)
    static func parsePlain(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, decimalComma: Bool, readable: Int = 0) -> Double? {
        // One digit, as most answers to a survey's questions are: no loop (a lone sign or
        // mark is no number either way).
        if end - start == 1 {
            let digit = bytes[start] &- 0x30
            return digit < 10 ? Double(digit) : nil
        }
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let mark = UInt8(ascii: decimalComma ? "," : ".")
        #if _endian(little)
        if end - i <= 8, i + 8 <= readable {
            guard let (mantissa, fractionDigits) = plainWord(bytes + i, count: end - i, mark: mark) else { return nil }
            let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / exactPowerOfTen(fractionDigits)
            return negative ? -value : value
        }
        #endif
        return parsePlainBytes(bytes, from: i, to: end, negative: negative, mark: mark)
    }

    /// `parsePlain`'s byte loop, for a cell longer than a word or near the buffer's end (few):
    /// a function of its own, which keeps `parsePlain` small (ingest's number loop,
    /// `takePlainNumbers`, inlines it).
    @inline(never)
    private static func parsePlainBytes(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, negative: Bool, mark: UInt8) -> Double? {
        var i = start
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenMark = false
        while i < end {
            let digit = bytes[i] &- 0x30
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if seenMark { fractionDigits += 1 }
            } else if bytes[i] == mark, !seenMark {
                seenMark = true
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        // A whole number is its mantissa (divided by 1, exactly): most cells of a survey are.
        // Else a division by a power of ten both exact, correctly rounded as parsing the text.
        let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / exactPowerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// `digits[.digits]` of `count` bytes (1 to 8) at `bytes`, eight of which may be read,
    /// as its digits' integer and how many follow the mark; `nil` when it is not that (a
    /// byte neither digit nor mark, two marks, no digit). The loop of `parsePlain` takes some
    /// ten instructions a byte, a weight's "0.7710" sixty; here the cell is one word: the
    /// mark found and cut out, every byte checked a digit at once, and the digits' value
    /// made by three multiplications (as simdjson and fast_float read eight digits).
    @inline(__always)
    static func plainWord(_ bytes: UnsafePointer<UInt8>, count: Int, mark: UInt8) -> (mantissa: UInt64, fractionDigits: Int)? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let cell: UInt64 = count == 8 ? ~0 : (1 &<< (8 &* UInt64(count))) &- 1
        var word = UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self) & cell
        // The bytes equal to the mark, each its high bit (exactly: no borrow crosses bytes).
        let x = word ^ (ones &* UInt64(mark))
        let marks = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F) & cell
        var digits = count
        var fractionDigits = 0
        if marks != 0 {
            // The first mark; a second one stays among the digits and fails their check.
            let at = marks.trailingZeroBitCount / 8
            // The bytes before the mark, then those after it moved down over it.
            let before = word & ((1 &<< (8 &* UInt64(at))) &- 1)
            let after = at == 7 ? 0 : word &>> (8 &* UInt64(at + 1))
            word = before | after &<< (8 &* UInt64(at))
            digits = count - 1
            fractionDigits = count - 1 - at
        }
        guard digits > 0 else { return nil }
        // The digits moved to the top, the first in the lowest byte of them, behind zeros.
        let padding = 8 - digits
        if padding > 0 { word = word &<< (8 &* UInt64(padding)) | (ones &* 0x30) &>> (8 &* UInt64(digits)) }
        // Every byte 0x30–0x39: its high half 3, and still 3 with 6 added to it.
        guard word & 0xF0F0_F0F0_F0F0_F0F0 == ones &* 0x30, (word &+ ones &* 6) & 0xF0F0_F0F0_F0F0_F0F0 == ones &* 0x30 else { return nil }
        var value = ((word & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) &>> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
        return (value & 0xFFFF_FFFF, fractionDigits)
    }

    /// 10^n for n in 1...15, from constants (the table a `static let` array would be is
    /// looked up through a lazy-initialization check at every number of the fast path).
    @inline(__always)
    private static func exactPowerOfTen(_ n: Int) -> Double {
        switch n {
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }

    public static func parse(_ text: String, decimalComma: Bool = false) -> Double? {
        var text = text
        return text.withUTF8 { parse($0, decimalComma: decimalComma) }
    }

    /// A number written with thousands separators, or with a decimal comma when
    /// `decimalComma`: `1.234,5` (comma) or `1,234.5` (point). Plain numbers take the fast path.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Double? {
        if !decimalComma, let value = parse(bytes) { return value }
        let decimal = UInt8(ascii: decimalComma ? "," : ".")
        let thousands = UInt8(ascii: decimalComma ? "." : ",")
        guard bytes.contains(decimal) || bytes.contains(thousands) else { return parse(bytes) }
        // Thousands separators must stand between groups of three digits before the decimal mark.
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var digitsSinceSeparator = 0
        var sawThousands = false
        var sawDecimal = false
        for byte in bytes {
            if byte == thousands {
                guard !sawDecimal, digitsSinceSeparator > 0, !sawThousands || digitsSinceSeparator == 3 else { return nil }
                if !sawThousands && digitsSinceSeparator > 3 { return nil }
                sawThousands = true
                digitsSinceSeparator = 0
            } else if byte == decimal {
                guard !sawDecimal, !sawThousands || digitsSinceSeparator == 3 else { return nil }
                sawDecimal = true
                normalized.append(UInt8(ascii: "."))
            } else {
                if byte >= 0x30 && byte <= 0x39 { digitsSinceSeparator += 1 }
                normalized.append(byte)
            }
        }
        if sawThousands && !sawDecimal && digitsSinceSeparator != 3 { return nil }
        return normalized.withUnsafeBufferPointer { parse($0) }
    }

    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text in
            for index in 0..<bytes.count { text[index] = CChar(bitPattern: bytes[index]) }
            text[bytes.count] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &endPointer)
            guard let endPointer, endPointer == text.baseAddress! + bytes.count, value.isFinite else { return nil }
            return value
        }
    }
}
