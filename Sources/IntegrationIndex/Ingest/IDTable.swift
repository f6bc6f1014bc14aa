import CPlainScan

/// Which accepted row holds each respondent id, to find re-submissions: an open-addressing
/// table of one word per slot, the upper half of the id's 64-bit hash beside its row. A
/// million ids take 16 MiB and a lookup touches one slot's cache line, which is what a
/// lookup costs: a miss to memory. Equal hashes are confirmed by comparing the ids
/// themselves, so a collision is never taken for a duplicate.
struct IDTable {
    /// `tag << 32 | (row + 1)`; 0 for an empty slot. A slot's place comes from the tag, so
    /// the table grows without the ids.
    private var slots: [UInt64]
    private var mask: Int
    private var count = 0

    /// Room for `capacity` ids with the table at most three quarters full, as `firstRow`
    /// keeps it (probes stay short: a slot's neighbours share its cache line). `capacity` is
    /// the file's rows estimated with some slack: kept at most half full, a million rows took
    /// 32 MiB, every page of it zeroed, where 16 MiB hold them under half full.
    init(capacity: Int = 1024) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The id's UTF-8 bytes eight at a time (the last few packed into a word of their own),
    /// each word mixed in by a multiply, then a final mix so that ids differing in their last
    /// bytes spread over the table. A byte at a time (FNV-1a) was a chain of eight dependent
    /// multiplies for an id of eight bytes. The hash only places ids in the table: no output
    /// depends on it.
    static func hash(_ id: String) -> UInt64 {
        var copy = id
        var hash = copy.withUTF8 { bytes -> UInt64 in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            guard let base = bytes.baseAddress else { return hash }
            let raw = UnsafeRawPointer(base)
            var index = 0
            while index + 8 <= bytes.count {
                hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) &* 0x9e37_79b9_7f4a_7c15
                hash ^= hash >> 29
                index += 8
            }
            if index < bytes.count {
                var tail: UInt64 = 0
                for offset in index..<bytes.count { tail |= UInt64(base[offset]) << (8 * UInt64(offset - index)) }
                hash = (hash ^ tail) &* 0x9e37_79b9_7f4a_7c15
            }
            return hash
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }

    /// The row already holding an id with `hash`, as `isSame(row)` confirms; otherwise `row`
    /// is recorded as holding it and the result is `nil`.
    mutating func firstRow(withHash hash: UInt64, isSame: (Int32) -> Bool, orInsert row: Int32) -> Int32? {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: tag) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if entry >> 32 == tag, isSame(Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1) { return Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1 }
            slot = (slot + 1) & mask
        }
        slots[slot] = tag << 32 | UInt64(row + 1)
        count += 1
        return nil
    }

    /// Asks for the slots where ids with these hashes start, without waiting for them: asked
    /// a block of rows ahead, their misses to memory pass while the rows before are looked
    /// up. (Reading them instead, in a tight loop, still waited for them just before the
    /// lookups: the first lookup after it was a fifth of the loop's time.)
    func prefetch(hashes: ArraySlice<UInt64>) {
        slots.withUnsafeBufferPointer { slots in
            for hash in hashes { integra_prefetch_for_write(slots.baseAddress! + (Int(truncatingIfNeeded: hash >> 32) & mask)) }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> 32) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
