/// The codes of a text column, one per row, in one byte each while the column has at most
/// 255 values (answers, groups, provinces: nearly every column) and in four bytes beyond.
/// A million rows of a 30-answer survey then hold 30 MB of codes instead of 120 MB: the
/// table is most of ingest's memory. Reads give `Int32` codes either way, `missing` for a
/// blank cell.
public struct CategoricalCodes: RandomAccessCollection, Equatable, Sendable {
    /// A blank cell in narrow storage: codes 0…254 fit beside it.
    static let narrowMissing: UInt8 = 255
    private enum Storage: Sendable {
        case narrow([UInt8])
        case wide([Int32])
    }

    private var storage: Storage

    /// Codes for a column of `levelCount` values, narrow when they fit.
    public init(_ codes: [Int32], levelCount: Int) {
        if levelCount <= Int(Self.narrowMissing) {
            storage = .narrow(codes.map { $0 == CategoricalColumn.missing ? Self.narrowMissing : UInt8(truncatingIfNeeded: $0) })
        } else {
            storage = .wide(codes)
        }
    }

    /// No rows yet, narrow until a code needs more.
    public init() { storage = .narrow([]) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .narrow(let codes): codes.count
        case .wide(let codes): codes.count
        }
    }

    public subscript(row: Int) -> Int32 {
        switch storage {
        case .narrow(let codes):
            let code = codes[row]
            return code == Self.narrowMissing ? CategoricalColumn.missing : Int32(code)
        case .wide(let codes):
            return codes[row]
        }
    }

    /// Calls `body` with each row and its code, in order: the storage is looked at once for
    /// the column, not once per row.
    public func forEachCode(_ body: (_ row: Int, _ code: Int32) -> Void) {
        forEachCode(in: 0..<count, body)
    }

    /// `forEachCode(_:)` over some rows only (a core's share).
    public func forEachCode(in rows: Range<Int>, _ body: (_ row: Int, _ code: Int32) -> Void) {
        switch storage {
        case .narrow(let codes):
            codes.withUnsafeBufferPointer { codes in
                for row in rows { body(row, codes[row] == Self.narrowMissing ? CategoricalColumn.missing : Int32(codes[row])) }
            }
        case .wide(let codes):
            codes.withUnsafeBufferPointer { codes in
                for row in rows { body(row, codes[row]) }
            }
        }
    }

    /// Calls `narrow` with the one-byte codes (`narrowMissing` for a blank cell) or `wide`
    /// with the four-byte ones (`CategoricalColumn.missing` for a blank), whichever the column
    /// keeps: for a loop over many rows that reads the codes straight from their storage,
    /// with no closure call per row.
    func withStorage<Result>(narrow: (UnsafeBufferPointer<UInt8>) throws -> Result, wide: (UnsafeBufferPointer<Int32>) throws -> Result) rethrows -> Result {
        switch storage {
        case .narrow(let codes): try codes.withUnsafeBufferPointer(narrow)
        case .wide(let codes): try codes.withUnsafeBufferPointer(wide)
        }
    }

    /// Whether any row is blank: one pass over the storage, where the collection's
    /// `contains` goes through the subscript and its storage check for every row (8 ms of a
    /// run's group making at a million rows, with a core idle).
    public var hasMissing: Bool {
        switch storage {
        case .narrow(let codes): codes.contains(Self.narrowMissing)
        case .wide(let codes): codes.contains(CategoricalColumn.missing)
        }
    }

    /// The codes as `Int32`s, `missing` for a blank cell: made in one pass over the storage,
    /// for a caller that reads them row by row many times (a design's strata).
    public var int32Codes: [Int32] { mapCodes { $0 } }

    /// `transform` of each row's code, in order: one pass over the storage, where `map`
    /// (the collection's) goes through the subscript and its storage check for every row.
    public func mapCodes<T>(_ transform: (Int32) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { target, initialized in
            guard let base = target.baseAddress else { return }
            forEachCode { row, code in (base + row).initialize(to: transform(code)) }
            initialized = count
        }
    }

    /// The same codes, however they are stored.
    public static func == (a: CategoricalCodes, b: CategoricalCodes) -> Bool { a.elementsEqual(b) }

    /// Whether codes are kept in one byte each (tests and memory figures).
    public var isNarrow: Bool {
        if case .narrow = storage { return true }
        return false
    }

    mutating func reserveCapacity(_ rows: Int) {
        switch storage {
        case .narrow(var codes):
            storage = .wide([])
            codes.reserveCapacity(rows)
            storage = .narrow(codes)
        case .wide(var codes):
            storage = .narrow([])
            codes.reserveCapacity(rows)
            storage = .wide(codes)
        }
    }

    /// Appends one-byte codes (`narrowMissing` for a blank cell) to a column that keeps one
    /// byte per code: ingest's way, which maps a share's codes straight into bytes.
    mutating func append(narrow codes: UnsafeBufferPointer<UInt8>) {
        guard case .narrow(var narrow) = storage else { preconditionFailure("one-byte codes appended to a column of four-byte codes") }
        storage = .wide([])  // lets `narrow` be mutated in place
        narrow.append(contentsOf: codes)
        storage = .narrow(narrow)
    }

    /// Appends `codes`, widening the storage once a code no longer fits in a byte.
    mutating func append(contentsOf codes: UnsafeBufferPointer<Int32>) {
        switch storage {
        case .narrow(var narrow):
            storage = .wide([])  // lets `narrow` be mutated in place
            if codes.allSatisfy({ $0 < Int32(Self.narrowMissing) }) {
                // Made at its size, then appended in one copy (appending `repeatElement`
                // went a byte at a time through the generic path).
                let bytes = [UInt8](unsafeUninitializedCapacity: codes.count) { target, count in
                    for (offset, code) in codes.enumerated() { target[offset] = code == CategoricalColumn.missing ? Self.narrowMissing : UInt8(truncatingIfNeeded: code) }
                    count = codes.count
                }
                narrow.append(contentsOf: bytes)
                storage = .narrow(narrow)
            } else {
                var wide = narrow.map { $0 == Self.narrowMissing ? CategoricalColumn.missing : Int32($0) }
                narrow = []
                wide.append(contentsOf: codes)
                storage = .wide(wide)
            }
        case .wide(var wide):
            storage = .narrow([])
            wide.append(contentsOf: codes)
            storage = .wide(wide)
        }
    }
}
