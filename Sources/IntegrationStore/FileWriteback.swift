import CFileOutput
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's file, opened to start its pages' writeback while a run is written: SQLite
/// writes a large transaction's pages to the file as it goes (its cache holds a few MiB) and
/// syncs them all at the commit, which then waited for the disk to take a hundred megabytes
/// at a million respondents, with no core busy (0.08–0.2 s). Started after each respondent
/// column, the disk writes the pages while the rest of the run is stored and its files are
/// written; the commit's sync, and what it guarantees, are unchanged.
struct FileWriteback: ~Copyable {
    private let descriptor: Int32

    /// A store in memory (SQLite's path ":memory:", or none) has no file: then nothing is done.
    init(path: String) {
        descriptor = path.isEmpty || path == ":memory:" ? -1 : open(path, O_RDONLY | O_CLOEXEC)
    }

    /// Starts writing the pages written so far; does not wait for them. A hint: an error
    /// leaves the commit's sync to write them.
    func start() {
        guard descriptor >= 0 else { return }
        _ = integra_start_writeback(descriptor)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}
