import Foundation
import PropertyBased
import Testing

@testable import IntegrationIndex

/// The fixed-point text of respondent scores: checked by hand and against the digit-by-digit
/// form it replaced, which wrote every published respondents.csv before it.
@Suite struct DecimalTextTests {
    func text(_ value: Double, decimals: Int = 10) -> String {
        var bytes: [UInt8] = []
        DecimalText.append(value, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func handComputedCases() {
        #expect(text(62.5) == "62.5")
        #expect(text(100) == "100")
        #expect(text(0) == "0")
        #expect(text(-0.0) == "0")
        #expect(text(45.833333333333336) == "45.8333333333")
        #expect(text(-3.25) == "-3.25")
        #expect(text(-0.00000000001) == "0")
        #expect(text(99.999_999_999_99) == "100")
        #expect(text(999_999.999_999_999_99, decimals: 6) == "1000000")
        #expect(text(0.125, decimals: 2) == "0.13")
        #expect(text(7.1, decimals: 0) == "7")
        #expect(text(.nan) == "")
        #expect(text(2.5e6) == 2.5e6.csvText)
        var bytes: [UInt8] = []
        for value: UInt64 in [0, 7, 10, 1_000_001, .max] { DecimalText.appendInteger(value, to: &bytes); bytes.append(32) }
        #expect(String(decoding: bytes, as: UTF8.self) == "0 7 10 1000001 \(UInt64.max) ")
    }

    /// Through the cache, written through a pointer, a stream of numbers with
    /// many repeats (and more distinct values than it has slots, so entries are replaced)
    /// gives the text written without it; the longest texts fit the room a number is given.
    @Test func theCacheWritesWhatDecimalTextWrites() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...9000), Gen.int(in: 0...12)) { distinct, decimals in
            var cache = DecimalTextCache(decimals: decimals)
            var plain: [UInt8] = []
            var written = [UInt8](repeating: 0, count: 20_000 * (DecimalTextCache.longestText + 1))
            var length = 0
            var generator = SeededGenerator(seed: UInt64(distinct))
            // NaN twice: as `Double.nan` and as arithmetic makes it (its sign bit set).
            let unusual: [Double] = [.nan, Double(bitPattern: 0xFFF8_0000_0000_0000), -.infinity, -0.0, 0, 2.5e6, .infinity, -1.234_567_890_123_456_7e-300, 9e15 + 1]
            var values = (0..<distinct).map { Double($0) / 7 - 300 } + unusual
            // Doubles a bit apart, most with one text (the cache knows them by it), some
            // across a rounding boundary; and ties of the last decimal.
            values += values.prefix(300).flatMap { [$0.nextUp, $0.nextDown] } + [0.125, 0.125.nextDown, 0.125.nextUp, -0.5e-12, 0.5e-12]
            for _ in 0..<20_000 {
                let value = values[Int(generator.uniform() * Double(values.count))]
                DecimalText.append(value, decimals: decimals, to: &plain)
                written.withUnsafeMutableBufferPointer { length += cache.write(value, at: $0.baseAddress! + length) }
                written[length] = 44
                length += 1
                plain.append(44)
            }
            #expect(Array(written[0..<length]) == plain)
        }
    }

    /// Each digit, rounding carry and trailing zero as the reference form writes them.
    @Test func sameTextAsTheDigitByDigitForm() async {
        await propertyCheck(count: 2000, input: Gen.double(in: -1e6...1e6), Gen.int(in: 0...12)) { value, decimals in
            for candidate in [value, value / 1e4, (value * 4).rounded() / 4] {
                var reference: [UInt8] = []
                ReferenceDecimalText.append(candidate, decimals: decimals, to: &reference)
                #expect(text(candidate, decimals: decimals) == String(decoding: reference, as: UTF8.self), "\(candidate) to \(decimals) decimals")
            }
        }
    }
}

/// The digit-by-digit form DecimalText had before it wrote through a stack buffer.
enum ReferenceDecimalText {
    private static let powers: [UInt64] = (0...12).map { exponent in (0..<exponent).reduce(1) { acc, _ in acc * 10 } }

    /// Appends `value` with at most `decimals` digits after the point, trailing zeros
    /// dropped (`62.5`, `100`, `45.8333333333`); nothing for NaN.
    static func append(_ value: Double, decimals: Int = 10, to bytes: inout [UInt8]) {
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

    static func appendInteger(_ value: UInt64, to bytes: inout [UInt8]) {
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
