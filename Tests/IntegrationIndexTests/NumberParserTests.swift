import Foundation
import Testing
@testable import IntegrationIndex

@Suite struct NumberParserTests {
    @Test(arguments: ["0", "1", "-2.5", "33.846996307373", "0.05", "6194", "  12 ", "1e3", "1.5E-7", "123456789012345678", "+4", "0.1234567890123456789"])
    func agreesWithStrtod(text: String) {
        #expect(NumberParser.parse(text) == strtod(text, nil))
    }

    @Test(arguments: ["", " ", "abc", "1,5", "1.234,5", "--1", "nan", "inf", "0x10", "12abc"])
    func rejectsWhatIsNotADecimalNumber(text: String) {
        #expect(NumberParser.parse(text) == nil)
    }

    @Test func shortDecimalsAreCorrectlyRounded() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let digits = Int(generator.next() % 9) + 1
            let scale = Int(generator.next() % 7)
            let mantissa = generator.next() % UInt64(pow(10, Double(digits)))
            var text = String(mantissa)
            if scale > 0 {
                text = String(repeating: "0", count: max(0, scale + 1 - text.count)) + text
                text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
            }
            #expect(NumberParser.parse(text) == Double(text), "\(text)")
        }
    }
}

@Suite struct DecimalTextMemoTests {
    /// The memo writes exactly what formatting writes, for repeated values, values that share a
    /// slot, NaN and values the fixed-point form does not cover.
    @Test func memoWritesWhatFormattingWrites() {
        var random = SeededGenerator(seed: 11)
        var memo = DecimalText.Memo()
        var viaMemo: [UInt8] = []
        var direct: [UInt8] = []
        let few = (0..<40).map { Double($0) / 39 * 100 }
        for index in 0..<200_000 {
            let value: Double = switch index % 5 {
            case 0: random.uniform() * 100
            case 1: .nan
            case 2: random.uniform() * 1e9
            default: few[Int(random.next() % 40)]
            }
            memo.append(value, to: &viaMemo)
            DecimalText.append(value, to: &direct)
            viaMemo.append(44)
            direct.append(44)
        }
        #expect(viaMemo == direct)
    }
}
