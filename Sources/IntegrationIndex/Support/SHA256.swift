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

    /// Hashes a file in chunks so a large survey file is never held whole.
    public static func hex(ofFileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var digest = SHA256Digest()
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { digest.update(chunk) }
        return digest.finalize()
    }
}
