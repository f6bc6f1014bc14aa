extension Array {
    /// Calls `body` with a buffer over each column, for a loop that reads several columns
    /// row by row (a vector lane each), or blocks of bytes one after another: the nested
    /// `withUnsafeBufferPointer` of every column, however many there are, without a pointer
    /// leaving its closure.
    func withUnsafeBuffers<Value, Result>(_ body: ([UnsafeBufferPointer<Value>]) throws -> Result) rethrows -> Result where Element == [Value] {
        try Self.withBuffers(self[...], taken: [], body)
    }

    private static func withBuffers<Value, Result>(
        _ columns: ArraySlice<[Value]>, taken: [UnsafeBufferPointer<Value>], _ body: ([UnsafeBufferPointer<Value>]) throws -> Result
    ) rethrows -> Result where Element == [Value] {
        guard let first = columns.first else { return try body(taken) }
        return try first.withUnsafeBufferPointer { try withBuffers(columns.dropFirst(), taken: taken + [$0], body) }
    }
}

extension Array where Element == [Double] {
    /// Calls `body` with a mutable buffer over each column, for work that writes several
    /// columns at once (on several cores, each its own rows). Each column is moved out while
    /// its buffer is lent, so that it is uniquely referenced (no copy on write) and no two
    /// accesses to this array overlap.
    mutating func withUnsafeMutableBuffers<Result>(_ body: ([UnsafeMutableBufferPointer<Double>]) throws -> Result) rethrows -> Result {
        func lend(from index: Int, _ taken: [UnsafeMutableBufferPointer<Double>]) throws -> Result {
            guard index < count else { return try body(taken) }
            var column: [Double] = []
            swap(&column, &self[index])
            defer { swap(&column, &self[index]) }
            return try column.withUnsafeMutableBufferPointer { try lend(from: index + 1, taken + [$0]) }
        }
        return try lend(from: 0, [])
    }
}
