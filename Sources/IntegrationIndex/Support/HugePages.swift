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

    /// Advises the room `array` has reserved (its capacity, not only its count), for the
    /// huge pages that lie wholly inside it. Call before the room is written.
    static func advise<T>(_ array: inout [T]) {
        #if os(Linux)
        let bytes = array.capacity * MemoryLayout<T>.stride
        guard bytes >= smallest else { return }
        array.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let huge = 2 << 20
            let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
            guard end > start else { return }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        }
        #endif
    }
}
