import CPlainScan
import Dispatch

/// The next chunk of a survey file, read on another core while the rows of the one before are
/// kept (`CSVReader`, where rows → respondent scores starts): the reader's main thread then
/// finds the bytes read instead of waiting for the kernel to copy them (20 ms of its time at a
/// million rows, with the other core idle while it checked ids).
///
/// The chunk is read into a buffer of its own after `headroom` bytes left free, where the
/// reader puts the unread end of its buffer: the two buffers then change places, with no copy of
/// the chunk.
final class ReadAhead: @unchecked Sendable {
    /// What a read-ahead found: the buffer (handed back), the read into it from `headroom`
    /// on, and whether the bytes read are all ASCII, when asked (`false` when not).
    struct Chunk {
        var buffer: [UInt8]
        var read: FileRead
        var isASCII: Bool
    }

    // Written by the reading thread before `done` is signalled, read after it is waited for.
    private var buffer: [UInt8]?
    private var chunk: Chunk?
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading the file at `offset` into `buffer` from `headroom` to its end, or to
    /// the file's end; with `checkingASCII`, then looks through the bytes read for one that
    /// is not ASCII (the reader of a file whose encoding is not settled yet looks through
    /// every chunk, which took its main thread 5 ms at a million rows).
    init(descriptor: Int32, offset: Int, into buffer: consuming [UInt8], headroom: Int, checkingASCII: Bool) {
        self.buffer = consume buffer
        DispatchQueue.global().async { [self] in
            // Taken out of the instance, so that it is unique and is read into in place.
            var buffer = self.buffer.take()!
            let read = FileRead(descriptor: descriptor, offset: offset, into: &buffer, from: headroom)
            let isASCII = checkingASCII && buffer.withUnsafeBufferPointer { integra_first_non_ascii($0.baseAddress! + headroom, read.count) == read.count }
            chunk = Chunk(buffer: buffer, read: read, isASCII: isASCII)
            done.signal()
        }
    }

    /// Waits for the chunk. Called once.
    func wait() -> Chunk {
        done.wait()
        return chunk.take()!
    }
}
