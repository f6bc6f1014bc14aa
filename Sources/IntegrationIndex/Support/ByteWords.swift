/// Text looked at eight bytes at a time, for the writers of the largest outputs (tables →
/// files and store): a million respondent ids go to respondents.csv and to the store, and
/// each was checked a byte at a time (three or four compares and branches a byte) and copied
/// by a call to `memmove`, most of writing the ids.
///
/// The tests on a word are the exact ones of "Bit Twiddling Hacks" (whether a word has a zero
/// byte, whether it has a byte below n ≤ 128): a byte at or above 0x80 never passes for one.
public enum ByteWords {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` is `byte`.
    @inlinable @inline(__always)
    public static func has(_ byte: UInt8, in word: UInt64) -> Bool {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highs != 0
    }

    /// Whether any byte of `word` is below `limit` (at most 128).
    @inlinable @inline(__always)
    public static func hasByte(below limit: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }

    /// Whether no byte of `bytes` makes `needsAttention` true, with `wordNeedsAttention`
    /// telling the same of eight bytes at once: whole words first, the last bytes one by one.
    @inlinable @inline(__always)
    public static func none(
        of bytes: UnsafeBufferPointer<UInt8>, _ wordNeedsAttention: (UInt64) -> Bool, _ needsAttention: (UInt8) -> Bool
    ) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var offset = 0
        while offset + 8 <= count {
            if wordNeedsAttention(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return false }
            offset += 8
        }
        while offset < count {
            if needsAttention(base[offset]) { return false }
            offset += 1
        }
        return true
    }

    /// Copies `count` bytes from `source` to `target` (not overlapping): a short text in one
    /// or two word moves (the two may overlap inside the text), where a call to `memmove`
    /// cost more than the copy.
    @inlinable @inline(__always)
    public static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        if count >= 8, count <= 16 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count < 8 {
            for offset in 0..<count { target[offset] = source[offset] }
        } else {
            target.update(from: source, count: count)
        }
    }
}
