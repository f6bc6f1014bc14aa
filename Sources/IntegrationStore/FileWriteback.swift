import CFileOutput
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows the store's file while a run's respondent columns are written (the store →
/// results flow's last step), on a thread of its own: each time the file has grown by a step,
/// what is written so far is synced to the disk and let go from the page cache.
///
/// Why: the columns are most of the store (1.35 GB at ten million respondents, 135 MB at a
/// million). Kept in the page cache, each of its pages was a page the kernel had to find, and
/// on this machine's virtual memory a page not used for a few seconds comes back from the host
/// at several microseconds a page: SQLite's copies into a cold page cache took 5 s at ten
/// million, where `dd` writes 1.3 GB into warm pages in 0.4 s. Let go as soon as they are on
/// disk, the same few megabytes of pages are reused over and over.
///
/// Synced, not only written: a disk keeps what it is sent in a cache of its own until it is
/// told to flush it, and the commit's sync flushed all the run had sent, the store's columns
/// and respondents.csv's direct writes (270 MB at a million respondents): 0.11–0.15 s, after
/// all else was done. Flushed step by step on this thread while the run goes on, the commit's
/// sync finds the last step's pages (a million respondents' run: the wait after the output
/// files 0.16–0.22 s → 0.08–0.13 s, medians of 9). SQLite writes a large transaction's pages
/// to the file as it goes (its cache holds a few MiB); a sync in the middle of it changes
/// nothing of what the commit guarantees (a rollback still truncates the file to its size
/// before the transaction), and a page SQLite reads again is read from the file.
final class FileWriteback: Sendable {
    /// How far the file grows between two steps by default: large enough that the syncs are
    /// few (seventeen at a million respondents), small enough that the pages in the cache stay
    /// a few megabytes.
    static let defaultStep: Int64 = 8 << 20
    /// How often the follower looks at the file's size.
    static let interval: useconds_t = 2000

    private let descriptor: Int32
    private let follower = Follower()

    /// What the follower's thread shares with its owner (not `self`, so that the thread does
    /// not keep the owner alive, and `deinit` can stop it).
    private final class Follower: Sendable {
        let stopped = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
    }

    /// Starts following the file at `path` from its present end (pages before it belong to
    /// earlier runs and are left as they are). A store in memory (SQLite's path ":memory:",
    /// or none) has no file: then nothing is done. `step` is smaller in tests.
    init(path: String, step: Int64 = defaultStep) {
        descriptor = path.isEmpty || path == ":memory:" ? -1 : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let (descriptor, follower) = (descriptor, follower)
        let start = Int64(lseek(descriptor, 0, SEEK_END))
        DispatchQueue(label: "integra.store.writeback").async {
            var released = max(start, 0)
            while !follower.stopped.load(ordering: .relaxed) {
                usleep(Self.interval)
                let end = Int64(lseek(descriptor, 0, SEEK_END))
                guard end - released >= step else { continue }
                // An error leaves the pages to the commit's sync and the cache.
                _ = integra_sync_and_release(descriptor, released, end - released)
                released = end
            }
            follower.finished.signal()
        }
    }

    /// Stops following the file; the pages not let go yet stay for the commit's sync.
    func finish() {
        guard descriptor >= 0, !follower.stopped.exchange(true, ordering: .relaxed) else { return }
        follower.finished.wait()
    }

    deinit {
        finish()
        if descriptor >= 0 { close(descriptor) }
    }
}
