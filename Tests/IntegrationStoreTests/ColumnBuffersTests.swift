import Testing
@testable import IntegrationStore

/// The store's two column buffers: one let go once no column is left to use it, the other
/// untouched to its last byte, whichever is let go and however their room meets the pages.
@Suite struct ColumnBuffersTests {
    @Test(arguments: [1, 4095, 4096, 4097, 3 * 4096 + 17, 20_000])
    func lettingOneBufferGoLeavesTheOtherWhole(room: Int) {
        for released in 0..<2 {
            let buffers = ColumnBuffers(room: room)
            defer { buffers.deallocate() }
            for buffer in 0..<2 {
                for offset in 0..<room { buffers.start(buffer)[offset] = UInt8(truncatingIfNeeded: offset &* 7 &+ buffer &+ 1) }
            }
            buffers.release(released)
            let kept = 1 - released
            let whole = (0..<room).allSatisfy { buffers.start(kept)[$0] == UInt8(truncatingIfNeeded: $0 &* 7 &+ kept &+ 1) }
            #expect(whole, "buffer \(kept) changed when buffer \(released) was let go (room \(room))")
            // The buffer let go is still there to write and read.
            for offset in 0..<room { buffers.start(released)[offset] = 9 }
            #expect((0..<room).allSatisfy { buffers.start(released)[$0] == 9 })
        }
    }
}
