import IntegrationIndex

/// JSON string literals written into bytes, for the store's large JSON arrays.
enum JSONText {
    /// The most bytes `write` makes of a text: every byte escaped as `\u00XX`, and the quotes.
    static func room(for text: String) -> Int { 6 * text.utf8.count + 2 }

    /// Writes `text` as a JSON string literal from `start` (room for `room(for:)` bytes);
    /// returns the bytes written.
    static func write(_ text: String, at start: UnsafeMutablePointer<UInt8>) -> Int {
        var text = text
        return text.withUTF8 { utf8 in
            var at = start
            at.pointee = UInt8(ascii: "\"")
            at += 1
            // Ids and profiles rarely need escapes: such a text is copied whole, not byte by
            // byte, and checked eight bytes at a time.
            if ByteWords.none(of: utf8, Self.wordNeedsEscape, Self.needsEscape) {
                if let base = utf8.baseAddress { ByteWords.copy(base, to: at, count: utf8.count) }
                at += utf8.count
            } else {
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                        at[0] = UInt8(ascii: "\\")
                        at[1] = byte
                        at += 2
                    case 0..<0x20:
                        let hex = Array("0123456789abcdef".utf8)
                        for (k, digit) in "\\u00".utf8.enumerated() { at[k] = digit }
                        at[4] = hex[Int(byte >> 4)]
                        at[5] = hex[Int(byte & 0xF)]
                        at += 6
                    default:
                        at.pointee = byte
                        at += 1
                    }
                }
            }
            at.pointee = UInt8(ascii: "\"")
            return at + 1 - start
        }
    }

    /// A byte written escaped: a control character, a quote or a backslash.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }

    /// Whether any of eight bytes is written escaped.
    @inline(__always)
    private static func wordNeedsEscape(_ word: UInt64) -> Bool {
        ByteWords.hasByte(below: 0x20, in: word) || ByteWords.has(UInt8(ascii: "\""), in: word) || ByteWords.has(UInt8(ascii: "\\"), in: word)
    }

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        let old = bytes.count
        let room = room(for: text)
        bytes.append(contentsOf: repeatElement(0, count: room))
        let written = bytes.withUnsafeMutableBufferPointer { write(text, at: $0.baseAddress! + old) }
        bytes.removeLast(room - written)
    }

    /// Writes `null` from `at`; returns its length.
    static func writeNull(at: UnsafeMutablePointer<UInt8>) -> Int {
        for (k, byte) in "null".utf8.enumerated() { at[k] = byte }
        return 4
    }

    /// Writes a JSON array of `elements` from `start`, each written by `element` (which
    /// returns its length); returns the array's length.
    @inline(__always)
    static func writeArray<Elements: Collection>(
        _ elements: Elements, at start: UnsafeMutablePointer<UInt8>, _ element: (Elements.Element, UnsafeMutablePointer<UInt8>) -> Int
    ) -> Int {
        var at = start
        at.pointee = UInt8(ascii: "[")
        at += 1
        var first = true
        for value in elements {
            if !first {
                at.pointee = UInt8(ascii: ",")
                at += 1
            }
            first = false
            at += element(value, at)
        }
        at.pointee = UInt8(ascii: "]")
        return at + 1 - start
    }
}
