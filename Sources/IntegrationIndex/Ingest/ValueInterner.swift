/// Gives each distinct cell value of a column a small integer, looking values up by their
/// bytes so that a million cells cost a million hash lookups and a handful of `String`s.
struct ValueInterner {
    /// Values up to 16 bytes, packed into two words: hashing and comparing them is two
    /// integer operations.
    struct ShortKey: Hashable {
        var low: UInt64
        var high: UInt64

        /// The key of up to 15 bytes, packed a byte at a time.
        init(packing bytes: UnsafeBufferPointer<UInt8>) {
            low = 0
            high = UInt64(bytes.count) << 56
            for index in 0..<bytes.count {
                if index < 8 {
                    low |= UInt64(bytes[index]) << (UInt64(index) * 8)
                } else {
                    high |= UInt64(bytes[index]) << (UInt64(index - 8) * 8)
                }
            }
        }

        /// The key of the `count` (1…15) bytes at `bytes`, from two unaligned word loads:
        /// the 16 bytes from `bytes` must be readable. The same key as packing them byte by
        /// byte (little-endian: the first byte lowest).
        @inline(__always)
        init(loadingFrom bytes: UnsafePointer<UInt8>, count: Int) {
            let raw = UnsafeRawPointer(bytes)
            let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            let lowBytes = min(count, 8)
            let highBytes = count - lowBytes
            low = lowBytes == 8 ? first : first & ((1 &<< UInt64(lowBytes * 8)) &- 1)
            high = (second & ((1 &<< UInt64(highBytes * 8)) &- 1)) | UInt64(count) &<< 56
        }
    }

    private var short: [ShortKey: Int32] = [:]
    /// The first short values seen, searched linearly before the dictionary: answer codes
    /// and group values are few, and comparing two words beats hashing.
    private var recent: [ShortKey] = []
    private var recentCodes: [Int32] = []
    /// The last short value looked up, and its code: cluster ids and other values with more
    /// levels than `recent` holds come in runs (a cluster's rows together), and one
    /// comparison beats hashing.
    private var last = ShortKey(packing: UnsafeBufferPointer(start: nil, count: 0))
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

    /// The code of the value of up to 15 bytes whose key is `key` (`bytes` are its bytes,
    /// decoded when it is new): for a caller that made the key from word loads.
    mutating func code(ofShort key: ShortKey, bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> Int32 {
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

    private mutating func shortCode(of bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> Int32 {
        if bytes.count <= 15 {
            return code(ofShort: ShortKey(packing: bytes), bytes: bytes, encoding: encoding)
        }
        let text = encoding.decode(bytes)
        if let code = long[text] { return code }
        let code = Int32(levels.count)
        levels.append(text)
        long[text] = code
        return code
    }
}
