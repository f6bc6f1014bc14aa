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

