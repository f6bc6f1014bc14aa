import Crypto
import Foundation

/// SHA-256 of the instrument and data files, which make every stored run traceable. Computed
/// with swift-crypto (BoringSSL, which uses the processor's SHA instructions): a million-row
/// survey file is hashed on a second core while the first reads it, and a portable
/// implementation took as long as reading the file on both cores.
public struct SHA256Digest {
    private var hasher = SHA256()

    public init() {}

    public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        if handled == nil { hasher.update(data: Array(bytes)) }
    }

    /// The digest as 64 lower-case hexadecimal digits.
    public func finalize() -> String {
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public static func hex(of data: Data) -> String {
        var digest = SHA256Digest()
        digest.update(data)
        return digest.finalize()
    }

    /// Hashes a file a mebibyte at a time, read into one buffer, so a large survey file is
    /// never held whole. (`FileHandle.read(upToCount:)` read a 4 MiB chunk as a thousand
    /// reads of 4 KiB into a fresh `Data`: 28,761 reads for a 113 MB file, most of the
    /// digest's time spent in the kernel.)
    public static func hex(ofFileAt url: URL) throws -> String {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(url, errno) }
        defer { close(descriptor) }
        var digest = SHA256Digest()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let read = FileRead(descriptor: descriptor, offset: offset, into: &buffer, from: 0)
            if let failure = read.failure { throw Self.error(url, failure) }
            buffer.withUnsafeBytes { digest.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<read.count])) }
            offset += read.count
            if read.reachedEnd { break }
        }
        return digest.finalize()
    }

    /// A failed system call's `errno`, naming the file.
    private static func error(_ url: URL, _ code: Int32) -> CocoaError {
        CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)])
    }
}
