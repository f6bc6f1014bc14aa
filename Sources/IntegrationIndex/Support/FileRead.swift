#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One read of a file into a buffer, until the buffer is full or the file ends: how the
/// survey's reader (`CSVReader`, its chunks read ahead by `ReadAhead`) and the data file's
/// digest (`SHA256Digest`) read bytes, straight into memory they own, with no `Data` per chunk.
struct FileRead {
    /// The bytes read.
    let count: Int
    /// Whether the file ended (a read returned nothing); a read may return less than asked
    /// before the end, so only that tells.
    let reachedEnd: Bool
    /// `errno` of a read that failed.
    let failure: Int32?

    /// Reads the file at `offset` into `buffer[from...]`. A pipe, which has no offsets, is
    /// read on from where it is: its readers read it in order, one read at a time.
    init(descriptor: Int32, offset: Int, into buffer: inout [UInt8], from: Int) {
        let wanted = buffer.count - from
        (count, reachedEnd, failure) = buffer.withUnsafeMutableBufferPointer { pointer in
            var total = 0
            var inOrder = false
            while total < wanted {
                let target = pointer.baseAddress! + from + total
                let got = inOrder ? read(descriptor, target, wanted - total) : pread(descriptor, target, wanted - total, off_t(offset + total))
                if got < 0 {
                    if errno == EINTR { continue }
                    if errno == ESPIPE, !inOrder {
                        inOrder = true
                        continue
                    }
                    return (total, false, errno)
                }
                if got == 0 { return (total, true, nil) }
                total += got
            }
            return (total, false, nil)
        }
    }
}
