/// Gives each distinct cell value of a column a small integer, looking values up by their
/// bytes so that a million cells cost a million hash lookups and a handful of `String`s.
struct ValueInterner {
    /// Values up to 16 bytes, packed into two words: hashing and comparing them is two
    /// integer operations.
    private struct ShortKey: Hashable {
        var low: UInt64
        var high: UInt64
    }

    private var short: [ShortKey: Int32] = [:]
    /// The first short values seen, searched linearly before the dictionary: answer codes
    /// and group values are few, and comparing two words beats hashing.
    private var recent: [ShortKey] = []
    private var recentCodes: [Int32] = []
    /// The last short value looked up, and its code: cluster ids and other values with more
    /// levels than `recent` holds come in runs (a cluster's rows together), and one
    /// comparison beats hashing.
    private var last = ShortKey(low: 0, high: 0)
    private var lastCode: Int32 = -1
    private var long: [String: Int32] = [:]
    /// Codes of one-byte values by their byte (−1 until seen): most answers are one digit,
    /// and indexing beats even the short search.
    private var oneByte = [Int32](repeating: -1, count: 256)
    private(set) var levels: [String] = []

    /// The code of `bytes`, adding it as a new level (decoded from `encoding`) when unseen.
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> Int32 {
        if bytes.count == 1 {
            let byte = Int(bytes[0])
            if oneByte[byte] >= 0 { return oneByte[byte] }
            let code = shortCode(of: bytes, encoding: encoding)
            oneByte[byte] = code
            return code
        }
        return shortCode(of: bytes, encoding: encoding)
    }

    private mutating func shortCode(of bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> Int32 {
        if bytes.count <= 15 {
            var key = ShortKey(low: 0, high: UInt64(bytes.count) << 56)
            for index in 0..<bytes.count {
                if index < 8 {
                    key.low |= UInt64(bytes[index]) << (UInt64(index) * 8)
                } else {
                    key.high |= UInt64(bytes[index]) << (UInt64(index - 8) * 8)
                }
            }
            if key == last { return lastCode }
            for index in recent.indices where recent[index] == key { return recentCodes[index] }
            if let code = short[key] {
                (last, lastCode) = (key, code)
                return code
            }
            let code = Int32(levels.count)
            levels.append(encoding.decode(bytes))
            short[key] = code
            if recent.count < 16 {
                recent.append(key)
                recentCodes.append(code)
            }
            return code
        }
        let text = encoding.decode(bytes)
        if let code = long[text] { return code }
        let code = Int32(levels.count)
        levels.append(text)
        long[text] = code
        return code
    }
}
