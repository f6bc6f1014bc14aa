import Dispatch
import Foundation

/// Work started on another thread; `wait()` returns its result or rethrows its error. For
/// work that needs only what is made already and would otherwise wait its turn with a core
/// idle: the design beside the groups (`ScoredRun`), the store and the output files beside
/// the estimation (`integra run`).
public final class Background<Value: Sendable>: Sendable {
    // A class so the thread and the caller share one result; the semaphore orders the
    // write before the read.
    private nonisolated(unsafe) var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work`. `atLowestPriority` puts it on a thread of its own at the lowest
    /// priority, to run on what the other work leaves idle.
    public init(atLowestPriority: Bool = false, _ work: @escaping @Sendable () throws -> Value) {
        guard atLowestPriority else {
            // A queue of its own, not the global one: the global queue runs no more threads
            // than there are cores, so a third piece of work (the workbook, beside the store
            // and the pages) waited for one of the others to finish while a core stood idle.
            DispatchQueue(label: "integra.background").async { [self] in
                result = Result { try work() }
                done.signal()
            }
            return
        }
        Thread { [self] in
            #if os(Linux)
            // The calling thread's nice value (a per-thread attribute on Linux); the thread
            // ends with the work, so nothing else runs at it.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            result = Result { try work() }
            done.signal()
        }.start()
    }

    public func wait() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
