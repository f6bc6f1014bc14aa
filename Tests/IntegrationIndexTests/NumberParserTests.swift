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

    /// The fast path's cells of up to eight bytes read as one word give what the byte loop
    /// gives (the same double, to the bit, or both no number), for cells of digits, marks,
    /// signs and other bytes in every place, with either mark; and what the loop reads as a
    /// number, the general parser reads the same.
    @Test func aCellReadAsOneWordIsReadAsByteByByte() {
        var generator = SeededGenerator(seed: 23)
        let alphabet = Array("0123456789012345678901234567890123456789..,,-+e a:?/".utf8)
        var checked = 0
        for index in 0..<60_000 {
            // Every length of 2 to 10 bytes (one byte has its own path), then random ones.
            let count = index < 9 ? index + 2 : Int(generator.next() % 10) + 1
            var bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            if index % 3 == 0 { bytes = bytes.map { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "a") ? UInt8(ascii: "7") : $0 } }
            // What follows the cell in the buffer: a separator and more of a record.
            let buffer = bytes + Array(",12.5,x\n..........".utf8)
            for decimalComma in [false, true] {
                buffer.withUnsafeBufferPointer { buffer in
                    let p = buffer.baseAddress!
                    let word = NumberParser.parsePlain(p, from: 0, to: count, decimalComma: decimalComma, readable: buffer.count)
                    let loop = NumberParser.parsePlain(p, from: 0, to: count, decimalComma: decimalComma, readable: 0)
                    let text = String(decoding: bytes, as: UTF8.self)
                    #expect(word?.bitPattern == loop?.bitPattern, "\(text) with decimal comma \(decimalComma)")
                    if let loop {
                        checked += 1
                        #expect(NumberParser.parse(text, decimalComma: decimalComma)?.bitPattern == loop.bitPattern, "\(text)")
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// Eight digits, the most a word holds, and the mark in each place of a full word.
    @Test(arguments: ["12345678", "99999999", "00000001", "1234567.", ".1234567", "123.4567", "-1234567", "-.123456", "1234.", "9.9"])
    func fullWordsAreReadAsTheLoopReadsThem(text: String) {
        let buffer = Array(text.utf8) + Array(",,,,,,,,".utf8)
        buffer.withUnsafeBufferPointer { buffer in
            let word = NumberParser.parsePlain(buffer.baseAddress!, from: 0, to: text.utf8.count, decimalComma: false, readable: buffer.count)
            #expect(word != nil && word == Double(text), "\(text)")
        }
    }
}
