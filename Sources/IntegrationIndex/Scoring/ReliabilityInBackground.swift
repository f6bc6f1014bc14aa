import Dispatch
import Synchronization

/// Scoring's α of one dimension (`DimensionReliability.alpha`), found on another core while
/// the next dimension's items are scored: α is a serial pass over every item column, which
/// left a core idle for a sixth of scoring. It holds the dimension's item columns until
/// `finish()` hands them back for reuse, and its thread lets go of them before it signals, so
/// a column reused for the next item is never copied.
final class ReliabilityInBackground: Sendable {
    private struct State {
        var items: [[Double]]
        var alpha: Double?
        var n = 0
    }

    private let state: Mutex<State>
    private let done = DispatchSemaphore(value: 0)

    /// Starts α of `items`; the caller keeps no other reference to them.
    init(items: [[Double]], weights: [Double]) {
        state = Mutex(State(items: items))
        DispatchQueue.global().async { [self] in
            compute(weights: weights)
            done.signal()
        }
    }

    private func compute(weights: [Double]) {
        let items = state.withLock { $0.items }
        let (alpha, n) = DimensionReliability.alpha(items: items, weights: weights)
        state.withLock {
            $0.alpha = alpha
            $0.n = n
        }
    }

    /// Waits for α; returns it, its number of complete respondents and the item columns.
    func finish() -> (alpha: Double?, n: Int, items: [[Double]]) {
        done.wait()
        return state.withLock { state in
            defer { state.items = [] }
            return (state.alpha, state.n, state.items)
        }
    }
}
