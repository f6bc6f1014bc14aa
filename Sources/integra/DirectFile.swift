import CFileOutput
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An output file written from two block-aligned buffers: one is filled while the other goes
/// to the file on a thread of its own. A large one (respondents.csv) goes around the page
/// cache, with `O_DIRECT`; small ones (`direct: false`) are written the usual way.
///
/// Why: a hundred megabytes written the usual way are first copied into the page cache, into
/// pages the kernel finds and accounts for one by one. At a million respondents that took a
/// tenth of the run's processor time, and on this machine a run whose pages came fresh took
/// twice as long as one that reused the last run's (0.6–0.8 s against 0.25–0.3 s for
/// respondents.csv, alternating). Written directly, the file costs the same every run (0.25–
/// 0.33 s): the disk takes the bytes at its own speed, with no copy and no waiting, and the
/// run never reads the file back. A file system that takes no direct writes (tmpfs, some
/// network ones) gets ordinary writes from the same buffers.
///
/// Unless the disk is slower than the bytes are made: once the writes have kept the file's
/// maker waiting `patience` seconds in all, the rest goes through the page cache after all,
/// for the kernel to write after the run. The run's store must reach the disk before the
/// run ends (its commit syncs it), and a direct write takes the disk from it; on a disk
/// of 200–400 MB/s, a million respondents' run took 2.25 s with respondents.csv direct and
/// 2.05 s through the page cache (whose pages cost 0.36 s more of the processors).
final class DirectFile: @unchecked Sendable {
    /// How long the writes may keep the file's maker waiting, in all, before the rest of the
    /// file goes through the page cache: on a disk that keeps up, a few milliseconds at most.
    static let defaultPatience = 0.02
    /// Blocks of 4 KiB: a direct write's memory, length and offset must be multiples of the
    /// disk's block, 512 bytes or 4 KiB.
    static let alignment = 4096
    /// The size of each buffer, a multiple of `alignment`.
    static let capacity = 1 << 22

    private let descriptor: Int32
    /// Whether `O_DIRECT` is on; turned off for the last part-block, when a write is refused,
    /// or when the disk is behind (`patience`).
    private(set) var direct: Bool
    /// Two buffers: `write` fills one while the other is written on `writer`.
    private let buffers: [UnsafeMutableRawPointer]
    private var filling = 0
    private var used = 0
    /// Where a piece is made when the buffer has not its room left (`write(room:_:)`).
    private var spill: [UInt8] = []
    private let writer = DispatchQueue(label: "integra.direct-file")
    /// Seconds the writes may keep `write` waiting in all while `O_DIRECT` is on, and how
    /// long they have.
    private let patience: Double
    private var waited = 0.0
    /// The first error of a write on `writer`: thrown by the next `write` or by `finish`.
    /// (`failure` and `direct` are set on `writer` and read only after waiting for it: hence
    /// `@unchecked Sendable`.)
    private var failure: (any Error)?

    /// Creates or truncates the file at `path`; with `direct` false it is written the usual
    /// way from the same buffers, as on a file system that takes no direct writes. What it
    /// opens and allocates is let go here when it fails (the instance is not made, so
    /// `deinit` does not run).
    init(path: String, direct tryDirect: Bool = true, patience: Double = DirectFile.defaultPatience) throws {
        var descriptor = tryDirect ? integra_open_direct(path) : -1
        let direct = descriptor >= 0
        if descriptor < 0 { descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw Self.error() }
        var buffers: [UnsafeMutableRawPointer] = []
        for _ in 0..<2 {
            var memory: UnsafeMutableRawPointer?
            guard posix_memalign(&memory, Self.alignment, Self.capacity) == 0, let memory else {
                for buffer in buffers { free(buffer) }
                close(descriptor)
                throw POSIXError(.ENOMEM)
            }
            buffers.append(memory)
        }
        self.descriptor = descriptor
        self.direct = direct
        self.buffers = buffers
        self.patience = patience
    }

    /// No write is pending here: each write on `writer` holds the file until it is done.
    deinit {
        for buffer in buffers { free(buffer) }
        close(descriptor)
    }

    /// Appends `bytes` to the file.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        var from = 0
        while from < bytes.count {
            let count = min(Self.capacity - used, bytes.count - from)
            (buffers[filling] + used).copyMemory(from: bytes.baseAddress! + from, byteCount: count)
            used += count
            from += count
            if used == Self.capacity { try handOver() }
        }
    }

    /// Appends what `fill` writes in place, at most `room` bytes, returning their count
    /// (`RespondentsTable.InPlaceWrite`): straight into the buffer when it has the room, so
    /// the bytes are made where they go to the disk from. Only when it has not (near the end
    /// of each buffer) are they made in `spill` and copied across.
    func write(room: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Int) throws {
        if Self.capacity - used >= room {
            let count = fill((buffers[filling] + used).assumingMemoryBound(to: UInt8.self))
            precondition(count <= room, "a piece outgrew the room it asked for")
            used += count
            if used == Self.capacity { try handOver() }
            return
        }
        if spill.count < room { spill = [UInt8](repeating: 0, count: room) }
        let count = spill.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
        precondition(count <= room, "a piece outgrew the room it asked for")
        try spill.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// Writes what is left and waits for every write: the whole blocks directly, the last
    /// part-block (a direct write must be whole blocks) the usual way.
    func finish() throws {
        try waitForWriter()
        let buffer = buffers[filling]
        let blocks = used / Self.alignment * Self.alignment
        try write(buffer, count: blocks)
        if used > blocks {
            endDirect()
            try write(buffer + blocks, count: used - blocks)
        }
        used = 0
    }

    /// Sends the full buffer to `writer` and goes on in the other one, once that one's write
    /// is done.
    private func handOver() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        try waitForWriter()
        waited += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The disk is behind: the rest through the page cache (no write is in flight now).
        if direct, waited >= patience { endDirect() }
        nonisolated(unsafe) let buffer = buffers[filling]
        writer.async { [self] in
            do { try write(buffer, count: Self.capacity) } catch { failure = error }
        }
        filling = 1 - filling
        used = 0
    }

    private func waitForWriter() throws {
        writer.sync {}
        if let failure { throw failure }
    }

    /// Writes `count` bytes from `buffer` at the end of the file. A file system that opened
    /// the file for direct writes but refuses one (EINVAL) gets it, and the rest, the usual way.
    private func write(_ buffer: UnsafeMutableRawPointer, count: Int) throws {
        var done = 0
        while done < count {
            let written = Glibc.write(descriptor, buffer + done, count - done)
            if written >= 0 {
                done += written
            } else if errno == EINVAL, direct {
                endDirect()
            } else if errno != EINTR {
                throw Self.error()
            }
        }
    }

    private func endDirect() {
        guard direct else { return }
        _ = integra_end_direct(descriptor)
        direct = false
    }

    private static func error() -> POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
}
