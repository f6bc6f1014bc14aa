#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two buffers of `room` bytes for the store's respondent columns (scores → store): one
/// written on the column writer's core while SQLite inserts the other. Allocated and never
/// filled, so a buffer is memory only as far as a column writes it. Shared by the two
/// threads, which take turns on each buffer through semaphores (`ResultStore.insertScores`).
struct ColumnBuffers: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    private let room: Int

    init(room: Int) {
        self.room = room
        base = .allocate(capacity: 2 * room)
    }

    func start(_ buffer: Int) -> UnsafeMutablePointer<UInt8> { base + buffer * room }

    /// Gives buffer `buffer`'s pages back to the kernel once no column is left to use it:
    /// the last column, the largest at a million respondents (the counting view's profiles,
    /// 35 MB), is inserted while the other buffer would still hold the column before it.
    /// Only the whole pages inside the buffer are let go: they belong to it alone, whether
    /// the buffers are a mapping of their own (tens of megabytes) or lie in glibc's heap.
    /// They read as zeros after, and the address range stays valid.
    func release(_ buffer: Int) {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = UInt(bitPattern: start(buffer))
        let first = (start + UInt(pageSize) - 1) / UInt(pageSize) * UInt(pageSize)
        let end = (start + UInt(room)) / UInt(pageSize) * UInt(pageSize)
        guard end > first else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), Int(end - first), MADV_DONTNEED)
    }

    func deallocate() { base.deallocate() }
}
