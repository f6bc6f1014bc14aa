import Testing
@testable import IntegrationIndex

/// Ingest's fast path makes a short value's key from two word loads; it must be the key
/// that packing the value a byte at a time makes, whatever bytes follow the value.
@Suite struct ValueInternerTests {
    @Test func wordLoadsMakeThePackedKey() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<5_000 {
            let count = 1 + Int(random.next() % 15)
            // The value, then bytes that are not the value's, up to 16 from its start.
            let bytes = (0..<(count + 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.withUnsafeBufferPointer { buffer in
                let value = UnsafeBufferPointer(rebasing: buffer[0..<count])
                #expect(ValueInterner.ShortKey(loadingFrom: buffer.baseAddress!, count: count) == ValueInterner.ShortKey(packing: value), "\(count) bytes")
            }
        }
    }

    @Test func aValueHasOneCodeByEitherKey() {
        var interner = ValueInterner()
        let values = ["capital", "north-7", "COL", "capital", "ab", "COL", "a-fifteen-byte!"].map { Array($0.utf8) + Array(repeating: UInt8(ascii: "x"), count: 16) }
        var codes: [Int32] = []
        for (index, bytes) in values.enumerated() {
            let count = bytes.count - 16
            bytes.withUnsafeBufferPointer { buffer in
                let value = UnsafeBufferPointer(rebasing: buffer[0..<count])
                codes.append(index % 2 == 0
                    ? interner.code(of: value, encoding: .utf8)
                    : interner.code(ofShort: .init(loadingFrom: buffer.baseAddress!, count: count), bytes: value, encoding: .utf8))
            }
        }
        #expect(codes == [0, 1, 2, 0, 3, 2, 4])
        #expect(interner.levels == ["capital", "north-7", "COL", "ab", "a-fifteen-byte!"])
    }
}
