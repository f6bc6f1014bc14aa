extension Array where Element == [Double] {
    /// Calls `body` with a buffer over each column, for a loop that reads several columns
    /// row by row (a vector lane each): the nested `withUnsafeBufferPointer` of every column,
    /// however many there are, without a pointer leaving its closure.
    func withUnsafeBuffers<Result>(_ body: ([UnsafeBufferPointer<Double>]) throws -> Result) rethrows -> Result {
        try Self.withBuffers(self[...], taken: [], body)
    }

    private static func withBuffers<Result>(
        _ columns: ArraySlice<[Double]>, taken: [UnsafeBufferPointer<Double>], _ body: ([UnsafeBufferPointer<Double>]) throws -> Result
    ) rethrows -> Result {
        guard let first = columns.first else { return try body(taken) }
        return try first.withUnsafeBufferPointer { try withBuffers(columns.dropFirst(), taken: taken + [$0], body) }
    }
}
