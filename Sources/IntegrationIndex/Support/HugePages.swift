#if canImport(Glibc)
import Glibc
#endif

/// Room for a column of a million rows or more asked to be backed by huge pages (2 MiB)
/// where the system gives them on request (Linux's transparent huge pages in `madvise`
/// mode): a column is written once, front to back, and each 4 KiB page of it otherwise
/// costs a page fault, its own zeroing call and its own accounting, then its own release
/// when the process ends. Nothing changes where huge pages are off or not to be had.
enum HugePages {
    /// Below this, a column's room holds no whole huge page worth asking for.
    static let smallest = 4 << 20

    /// A huge page: 2 MiB, Linux's on x86-64 and on arm64 with 4 KiB pages.
    static let size = 2 << 20

    /// What lies before an array's first element in its allocation: the array's header
    /// (32 bytes) and malloc's (16), with room to spare.
    static let headers = 64

    /// Linux's `MADV_COLLAPSE` (since 6.1; glibc's headers, which Swift's Glibc module reads,
    /// do not name it): backs a range by huge pages at once, whatever is in it already.
    /// Older kernels refuse it, and the range stays as it was.
    private static let collapse: Int32 = 25

    /// Reserves room for at least `count` elements in `array` (an empty one), in an
    /// allocation of a whole number of huge pages, all of it advised. glibc gives an
    /// allocation this large a mapping of its own, which Linux places on a huge-page boundary
    /// when its length is a whole number of them: every page of the column can then be a
    /// huge one. Reserved to its bare size, a column began and ended inside huge pages it
    /// shared with the columns mapped beside it, which none could have: some 250 to 470
    /// faults of 4 KiB at each column's ends, a quarter of `integra estimate`'s page faults
    /// at a million rows.
    ///
    /// The allocation's first page holds the headers, written before any advice could be
    /// given, so its first 2 MiB would stay in 4 KiB pages: they are made one huge page at
    /// once (mostly a fraction of a millisecond here, where their 511 faults cost about two).
    static func reserve<T>(_ array: inout [T], count: Int) {
        let bytes = count * MemoryLayout<T>.stride
        guard bytes >= smallest else { return array.reserveCapacity(count) }
        let whole = (bytes + headers + size - 1) / size * size
        array.reserveCapacity((whole - headers) / MemoryLayout<T>.stride)
        #if os(Linux)
        if let start = advise(&array) { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), size, collapse) }
        #endif
    }

    /// `count` zero bytes, in room for `room` (at least `count`) reserved in whole huge pages:
    /// ingest's read buffers, 4 and 5 MiB made fresh at the start, whose 4 KiB pages were
    /// some 3,600 faults before the first rows were parsed.
    static func zeroedBytes(count: Int, room: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        reserve(&bytes, count: max(count, room))
        lengthen(&bytes, to: count)
        return bytes
    }

    /// `bytes` lengthened to `count` with zeros (in its room when it has enough), copied from
    /// a block of them: a repeated zero appended one at a time, as the generic path does in a
    /// debug build, took a second for a few megabytes.
    static func lengthen(_ bytes: inout [UInt8], to count: Int) {
        zeroBlock.withUnsafeBufferPointer { zeros in
            while bytes.count < count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: zeros.prefix(count - bytes.count)))
            }
        }
    }

    private static let zeroBlock = [UInt8](repeating: 0, count: 1 << 16)

    /// Advises the room `array` has reserved (its capacity, not only its count), for the
    /// huge pages that lie wholly inside its allocation, headers included, and returns
    /// where the first starts (`nil` when none do). Call before the room is written.
    /// (A huge page that the headers' margin takes over a neighbour's last bytes changes
    /// nothing in them: advice moves no data.)
    @discardableResult
    static func advise<T>(_ array: inout [T]) -> Int? {
        #if os(Linux)
        let bytes = array.capacity * MemoryLayout<T>.stride
        guard bytes >= smallest else { return nil }
        return array.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress.map(Int.init(bitPattern:)) else { return nil }
            let start = (base - headers + size - 1) & ~(size - 1)
            let end = (base + bytes + headers) & ~(size - 1)
            guard end > start else { return nil }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
            return start
        }
        #else
        return nil
        #endif
    }
}
