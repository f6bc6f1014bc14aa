import Foundation
import Testing
@testable import IntegrationStore

#if canImport(Glibc)
import Glibc
#endif

/// The store's file followed while it is written (`FileWriteback`): what is written reads back
/// whole, pages rewritten after they were let go included, and the pages behind the writer
/// leave the page cache.
@Suite struct FileWritebackTests {
    /// The byte at `offset` of the `pass`th writing of it.
    static func byte(_ offset: Int, pass: Int) -> UInt8 { UInt8(truncatingIfNeeded: offset &* 31 &+ offset >> 12 &+ pass &* 7) }

    @Test func aFileFollowedWhileWrittenReadsBackWholeAndLeavesTheCache() throws {
        // Beside the build, on the clone's disk: the temporary folder may be in memory (tmpfs),
        // which keeps every page of a file.
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("writeback-\(UUID().uuidString)").path
        defer { unlink(path) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let piece = 256 << 10
        let size = 16 << 20
        let follower = FileWriteback(path: path, step: 512 << 10)
        // Pieces appended as SQLite appends pages; the first piece written again now and then,
        // as SQLite writes its first page again, after the follower may have let it go.
        var passes = [Int](repeating: 0, count: size / piece)
        for offset in stride(from: 0, to: size, by: piece) {
            try write(descriptor, offset: offset, count: piece, pass: 0)
            if offset % (8 * piece) == 0 {
                passes[0] += 1
                try write(descriptor, offset: 0, count: piece, pass: passes[0])
            }
            usleep(3000)
        }
        usleep(50_000)
        follower.finish()
        #expect(fsync(descriptor) == 0)

        // The pages of the first half (all but its first piece, written again) have left the
        // cache (looked at before the file is read back, which brings them in again).
        let half = size / 2
        let mapped = mmap(nil, half, PROT_READ, MAP_SHARED, descriptor, 0)
        try #require(mapped != MAP_FAILED)
        defer { munmap(mapped, half) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var resident = [UInt8](repeating: 0, count: half / pageSize)
        try #require(mincore(mapped, half, &resident) == 0)
        let cached = resident.dropFirst(piece / pageSize).filter { $0 & 1 != 0 }.count
        #expect(cached < resident.count / 4, "\(cached) of the first half's \(resident.count) pages are still cached")

        let read = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(read.count == size)
        let firstDifference = read.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            (0..<size).first { bytes[$0] != Self.byte($0, pass: passes[$0 / piece]) }
        }
        #expect(firstDifference == nil, "the file differs from what was written from byte \(firstDifference ?? 0)")
    }

    private func write(_ descriptor: Int32, offset: Int, count: Int, pass: Int) throws {
        let bytes = (offset..<offset + count).map { Self.byte($0, pass: pass) }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, count, off_t(offset)) }
        try #require(written == count)
    }
}
