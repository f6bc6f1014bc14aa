import Foundation
import Testing
@testable import IntegrationIndex

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256Digest.hex(of: Data(input.utf8)) == digest)
    }

    /// A file is read a mebibyte at a time: files shorter than one read, of whole reads and
    /// across several, hash as their bytes do; a file that cannot be opened throws.
    @Test(arguments: [0, 1, 1 << 20, (1 << 20) + 1, 2_621_447])
    func fileHashesAsItsBytes(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        #expect(try SHA256Digest.hex(ofFileAt: url) == SHA256Digest.hex(of: Data(bytes)))
        #expect(throws: (any Error).self) { try SHA256Digest.hex(ofFileAt: url.appendingPathExtension("missing")) }
    }

    @Test func chunkedUpdatesEqualOneUpdate() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var digest = SHA256Digest()
        digest.update(bytes[0..<3])
        digest.update(bytes[3..<130])
        digest.update(bytes[130...])
        #expect(digest.finalize() == SHA256Digest.hex(of: Data(bytes)))
    }
}
