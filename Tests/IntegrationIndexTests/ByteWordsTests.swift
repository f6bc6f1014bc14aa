import IntegrationIndex
import Testing

/// The eight-bytes-at-a-time tests and copy against byte-by-byte models: every byte value in
/// every place of a word, texts of every length around the word size, with and without the
/// bytes looked for, and copies that must write exactly their bytes.
@Suite struct ByteWordsTests {
    /// A word with `byte` at `place` and `filler` in the other seven places.
    static func word(_ byte: UInt8, at place: Int, filler: UInt8) -> UInt64 {
        var bytes = [UInt8](repeating: filler, count: 8)
        bytes[place] = byte
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    @Test func aByteIsFoundInEveryPlaceAndNoOtherIs() {
        for sought in [0x00, 0x0A, 0x22, 0x2C, 0x5C, 0x7F, 0x80, 0xFF] as [UInt8] {
            for byte in 0...255 {
                for place in 0..<8 {
                    // The fillers around it: one below and one above the sought byte, and 0xFF.
                    for filler in [sought &+ 1, sought &- 1, 0xFF] as [UInt8] where filler != sought {
                        let word = Self.word(UInt8(byte), at: place, filler: filler)
                        #expect(ByteWords.has(sought, in: word) == (UInt8(byte) == sought), "\(sought) \(byte) at \(place)")
                    }
                }
            }
        }
    }

    @Test func aByteBelowTheLimitIsFoundInEveryPlaceAndNoOtherIs() {
        for limit in [0x01, 0x0A, 0x20, 0x41, 0x80] as [UInt8] {
            for byte in 0...255 {
                for place in 0..<8 {
                    // Fillers at or above the limit: only the byte placed may be below it.
                    for filler in [limit, 0x7F, 0x80, 0xFF] as [UInt8] where filler >= limit {
                        let word = Self.word(UInt8(byte), at: place, filler: filler)
                        #expect(ByteWords.hasByte(below: limit, in: word) == (UInt8(byte) < limit), "\(limit) \(byte) at \(place) among \(filler)")
                    }
                }
            }
        }
    }

    /// `none` with the JSON writer's test, on texts of 0 to 40 bytes with one byte that
    /// needs attention anywhere, or none.
    @Test func noneAgreesWithTheByteLoopAtEveryLength() {
        let needs: (UInt8) -> Bool = { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        let wordNeeds: (UInt64) -> Bool = {
            ByteWords.hasByte(below: 0x20, in: $0) || ByteWords.has(UInt8(ascii: "\""), in: $0) || ByteWords.has(UInt8(ascii: "\\"), in: $0)
        }
        var generator = SeededGenerator(seed: 8)
        for length in 0...40 {
            for trial in 0..<40 {
                // Plain bytes (ASCII letters and UTF-8 continuation bytes), then perhaps one not.
                var bytes = (0..<length).map { _ in UInt8.random(in: 0x23...0xFF, using: &generator) }.map { $0 == 0x5C ? 0x5D : $0 }
                if trial > 0, length > 0 {
                    bytes[Int.random(in: 0..<length, using: &generator)] = [0x00, 0x09, 0x1F, 0x22, 0x5C].randomElement(using: &generator)!
                }
                let expected = !bytes.contains(where: needs)
                #expect(bytes.withUnsafeBufferPointer { ByteWords.none(of: $0, wordNeeds, needs) } == expected, "\(bytes)")
            }
        }
    }

    /// A copy writes its bytes and none around them, at every length and offset.
    @Test func aCopyWritesExactlyItsBytes() {
        let source = (0..<64).map { UInt8($0 + 1) }
        for count in 0...40 {
            for offset in 0..<3 {
                var target = [UInt8](repeating: 0xEE, count: 64)
                source.withUnsafeBufferPointer { source in
                    target.withUnsafeMutableBufferPointer { ByteWords.copy(source.baseAddress! + offset, to: $0.baseAddress! + 5, count: count) }
                }
                #expect(Array(target[5..<5 + count]) == Array(source[offset..<offset + count]))
                #expect(target[..<5].allSatisfy { $0 == 0xEE } && target[(5 + count)...].allSatisfy { $0 == 0xEE }, "count \(count)")
            }
        }
    }
}
