import CPlainScan
import Testing
@testable import IntegrationIndex

/// A reader decides a file's encoding from its first non-ASCII bytes, found by a vector loop
/// that skips 64 ASCII bytes at a time: it must stop at the very byte a byte loop stops at,
/// wherever that lies in or after the 64-byte blocks.
@Suite struct TextEncodingTests {
    @Test func theVectorLoopStopsAtTheFirstNonASCIIByte() {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<3_000 {
            let count = Int(random.next() % 300)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next() % 0x80) }
            // None, one or two bytes of 0x80 or more.
            for _ in 0..<Int(random.next() % 3) where count > 0 {
                bytes[Int(random.next() % UInt64(count))] = 0x80 | UInt8(truncatingIfNeeded: random.next())
            }
            let expected = bytes.firstIndex { $0 >= 0x80 } ?? count
            let found = bytes.withUnsafeBufferPointer { integra_first_non_ascii($0.baseAddress, $0.count) }
            #expect(found == expected, "\(count) bytes")
        }
    }

    @Test func theEvidenceIsTheFirstNonASCIICharacter() {
        let ascii = String(repeating: "R0000001,capital,1,2\n", count: 20)
        func evidence(_ text: [UInt8]) -> TextEncoding? { text.withUnsafeBufferPointer { TextEncoding.evidence(in: $0) } }
        #expect(evidence(Array(ascii.utf8)) == nil)
        #expect(evidence(Array((ascii + "Perú\n").utf8)) == .utf8)
        #expect(evidence(Array(ascii.utf8) + [0x50, 0x65, 0x72, 0xFA, 0x0A]) == .windows1252)
    }
}
