import Dispatch

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
