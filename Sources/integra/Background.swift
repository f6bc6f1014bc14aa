import Dispatch
import Foundation
import IntegrationIndex

/// A value one thread hands to another that waits for it: how `integra run` gives the store,
/// which began writing the run from its scores on a thread of its own, the rest of the run
/// once the estimates are made.
final class Handoff<Value: Sendable>: Sendable {
    // As in `Background`: the semaphore orders the write before the read.
    private nonisolated(unsafe) var value: Value?
    private let given = DispatchSemaphore(value: 0)

    /// Gives the value; once only.
    func give(_ value: Value) {
        self.value = value
        given.signal()
    }

    func wait() -> Value {
        given.wait()
        given.signal()
        return value!
    }
}

/// The SHA-256 of a file, computed in the background; `nil` when it cannot be read.
///
/// At the lowest priority: the digest is wanted only when the run is stored, and hashing a
/// large file takes a core for a tenth of a second per 100 MB. At normal priority it took
/// that core from ingest, which reads the same file on all cores; at the lowest it runs on
/// what the pipeline leaves idle, and has a core to itself once the pipeline waits for it.
struct DigestInBackground {
    private let work: Background<String?>

    init(of url: URL) {
        work = Background(atLowestPriority: true) { try? SHA256Digest.hex(ofFileAt: url) }
    }

    func wait() -> String? { (try? work.wait()) ?? nil }
}

/// Writes an output file whole or not at all: to a temporary name, then renamed.
enum OutputFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        try write(to: url, direct: false) { file in try file.write(bytes) }
    }

    /// Writes the file in the pieces `body` writes to the file it is given: a large file is
    /// never whole in memory, and it still appears at `url` only once complete. Written
    /// around the page cache (`DirectFile`) unless `direct` is false: for the small files, a
    /// direct write's wait for the disk would cost more than the copy it saves.
    static func write(to url: URL, direct: Bool = true, _ body: (_ file: DirectFile) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            let file = try DirectFile(path: temporary.path, direct: direct)
            try body(file)
            try file.finish()
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: url.path, reason: error.localizedDescription)
        }
    }
}
