import PropertyBased
import Testing

@testable import IntegrationIndex

/// The decimal convention is told from the first rows' number cells: read from the bytes
/// of an ASCII cell, each cell gets the verdict its text gets.
@Suite struct DecimalConventionTests {
    private func verdict(_ text: String) -> DecimalConvention.Style? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalConvention.classify(ascii: $0) }
    }

    @Test func cellsAsTheTextRuleReadsThem() {
        let cases: [(String, DecimalConvention.Style)] = [
            ("12,5", .comma), ("1.234,5", .comma), ("12.5", .point), ("1,234.5", .point), ("1.234", .neither), ("1,234", .neither),
            ("", .neither), ("  ", .neither), ("7", .neither), (" 12,5\t", .comma), ("1,2,3", .neither), ("1.2.3", .neither), (",", .comma), ("12,", .comma),
            ("1.2 3,4", .comma), ("\t1,234 ", .neither),
        ]
        for (text, style) in cases {
            #expect(DecimalConvention.classify(text) == style, "\(text)")
            #expect(verdict(text) == style, "\(text)")
        }
    }

    /// Any cell of these characters gets the same verdict from its bytes as from its text.
    @Test func bytesAndTextAgree() async {
        let character = Gen.element(of: Array(" \t0123456789.,-+eE ")).map { $0! }
        await propertyCheck(count: 3000, input: character.string(of: 0...9)) { text in
            #expect(verdict(text) == DecimalConvention.classify(text), "\(text.debugDescription)")
        }
    }

    /// Anything but printable ASCII and tabs is left to the text rule.
    @Test func otherCellsAreLeftToTheText() {
        for text in ["12,5\u{A0}", "1,5\r", "\u{2009}1.234,5", "dos,5"] {
            let bytes = Array(text.utf8)
            let expected: DecimalConvention.Style? = bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 } ? DecimalConvention.classify(text) : nil
            #expect(verdict(text) == expected, "\(text.debugDescription)")
        }
    }
}
