import Foundation

/// Writes RFC 4180 CSV (comma, LF, quotes only where needed) into a byte buffer, for every
/// CSV file integra produces. Text that a spreadsheet would run as a formula is neutralized.
public struct CSVWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Off only where cells must stay exactly as given (round-trip tests).
    public var neutralizesFormulas = true

    public init() {}

    public mutating func writeRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(field)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    public mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(bytes.count + capacity) }

    /// Forgets the text written so far, keeping the room (for text written in pieces).
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Field by field, for large tables written without an array per row.
    public mutating func writeField(_ field: String) { append(field) }
    public mutating func writeSeparator() { bytes.append(UInt8(ascii: ",")) }
    public mutating func endRow() { bytes.append(UInt8(ascii: "\n")) }

    /// A number in fixed point (see `DecimalText`); empty for NaN.
    public mutating func writeNumber(_ value: Double) { DecimalText.append(value, to: &bytes) }

    /// A number as `csvText` writes it (the shortest text that reads back as the same
    /// double; nothing for NaN or an infinity), with no `String` made: a table of estimates
    /// has a few numbers a row, and a `String` each was most of the cost of writing it.
    public mutating func writeShortest(_ value: Double) {
        guard value.isFinite else { return }
        if value == value.rounded() && abs(value) < 1e15 { return writeInteger(Int(Int64(value))) }
        // The standard library formats into a buffer of its own and hands the bytes to
        // `_writeASCII`; the stream holds the writer's bytes meanwhile, not a copy of them.
        var stream = ByteStream()
        swap(&stream.bytes, &bytes)
        value.write(to: &stream)
        swap(&stream.bytes, &bytes)
    }

    /// An integer, as `String(value)` writes it.
    public mutating func writeInteger(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        DecimalText.appendInteger(UInt64(value.magnitude), to: &bytes)
    }

    /// Bytes to which the standard library writes a number's text.
    private struct ByteStream: TextOutputStream {
        var bytes: [UInt8] = []
        mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
        /// What a number's `write(to:)` calls, with its text's bytes.
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
    }

    /// Whether `writeField` writes these bytes as they are: no quotes needed, nothing a
    /// spreadsheet could take for a formula. Lets a writer copy such a field itself.
    public static func isPlainField(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = utf8.first, String.mayStartFormula(first) { return false }
        return ByteWords.none(of: utf8, wordNeedsQuotes, needsQuotes)
    }

    /// Whether any of eight bytes makes a field be written in quotes.
    @inline(__always)
    private static func wordNeedsQuotes(_ word: UInt64) -> Bool {
        ByteWords.has(UInt8(ascii: ","), in: word) || ByteWords.has(UInt8(ascii: "\""), in: word) || ByteWords.has(UInt8(ascii: "\n"), in: word)
            || ByteWords.has(UInt8(ascii: "\r"), in: word)
    }

    /// A byte that makes a field be written in quotes.
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private mutating func append(_ field: String) {
        let field = neutralizesFormulas ? field.neutralizedForSpreadsheets : field
        let utf8 = field.utf8
        // Over the contiguous bytes when the string has them (a million ids are written).
        let quoted = utf8.withContiguousStorageIfAvailable { !ByteWords.none(of: $0, Self.wordNeedsQuotes, Self.needsQuotes) } ?? utf8.contains(where: Self.needsQuotes)
        guard quoted else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public func write(to url: URL) throws {
        try Data(bytes).write(to: url, options: .atomic)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension Double {
    /// The shortest text that reads back as the same double; empty for NaN.
    public var csvText: String {
        guard isFinite else { return "" }
        if self == rounded() && abs(self) < 1e15 { return String(Int64(self)) }
        return "\(self)"
    }
}
