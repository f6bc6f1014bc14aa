import CPlainScan

/// The character encodings survey files arrive in: UTF-8 from data-collection platforms,
/// Windows-1252 (a superset of Latin-1 for text) from spreadsheets saved in a Spanish or
/// Portuguese locale.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case windows1252 = "Windows-1252"

    /// UTF-8 unless the bytes are not valid UTF-8, which a Windows-1252 file with any accented
    /// letter is not. A multi-byte character cut at the end of `prefix` does not count.
    public static func detect(_ prefix: UnsafeBufferPointer<UInt8>) -> TextEncoding {
        evidence(in: prefix) ?? .utf8
    }

    /// What the first non-ASCII bytes of `bytes` say; `nil` while all is ASCII, which reads
    /// the same in both encodings (so a reader can decide later in the file).
    public static func evidence(in prefix: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        guard let base = prefix.baseAddress else { return nil }
        var i = 0
        let count = prefix.count
        while i < count {
            // The ASCII bytes skipped in a vector loop: nearly all of a survey file, which an
            // ASCII file's reader looks through at every buffer it reads, on one core.
            i += integra_first_non_ascii(base + i, count - i)
            guard i < count else { break }
            let byte = prefix[i]
            if byte < 0x80 {
                i += 1
                continue
            }
            let length: Int
            if byte & 0xE0 == 0xC0, byte >= 0xC2 { length = 2 } else if byte & 0xF0 == 0xE0 { length = 3 } else if byte & 0xF8 == 0xF0, byte <= 0xF4 { length = 4 } else { return .windows1252 }
            // Continuation bytes must follow; a character cut by the end of the prefix counts
            // as UTF-8 only if the bytes that are there continue it.
            for k in 1..<length where i + k < count && prefix[i + k] & 0xC0 != 0x80 { return .windows1252 }
            return .utf8
        }
        return nil
    }

    /// The text of `bytes` in this encoding.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                let value: UInt32 = (0x80...0x9F).contains(byte) ? Self.windows1252High[Int(byte - 0x80)] : UInt32(byte)
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            }
            return String(scalars)
        }
    }

    public func decode(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { decode($0) } }

    /// Windows-1252's characters at 0x80–0x9F (undefined ones as U+FFFD).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
