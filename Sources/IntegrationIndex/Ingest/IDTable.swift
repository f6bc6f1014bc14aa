/// Which accepted row holds each respondent id, to find re-submissions: an open-addressing
/// table of 64-bit hashes of the ids' UTF-8 bytes and row numbers. Equal hashes are confirmed
/// by comparing the ids themselves, so a collision is never taken for a duplicate.
struct IDTable {
    private var hashes: [UInt64]
    private var rows: [Int32]
    private var mask: Int
    private var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        rows = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// FNV-1a over the bytes, with a final mix so that ids differing in their last bytes
    /// spread over the table.
    static func hash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var copy = id
        copy.withUTF8 { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }

    /// The row already holding the id with `hash`, confirmed by `isSame(row)`; otherwise
    /// `nil` (nothing is added).
    func row(withHash hash: UInt64, isSame: (Int32) -> Bool) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while rows[slot] >= 0 {
            if hashes[slot] == hash, isSame(rows[slot]) { return rows[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Records that `row` holds the id with `hash` (not in the table yet).
    mutating func insert(hash: UInt64, row: Int32) {
        if (count + 1) * 2 > hashes.count { rehash() }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while rows[slot] >= 0 { slot = (slot + 1) & mask }
        hashes[slot] = hash
        rows[slot] = row
        count += 1
    }

    private mutating func rehash() {
        let oldHashes = hashes
        let oldRows = rows
        hashes = [UInt64](repeating: 0, count: oldHashes.count * 2)
        rows = [Int32](repeating: -1, count: oldHashes.count * 2)
        mask = hashes.count - 1
        count = 0
        for index in oldRows.indices where oldRows[index] >= 0 { insert(hash: oldHashes[index], row: oldRows[index]) }
    }
}
