import Foundation
import IntegrationIndex

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
