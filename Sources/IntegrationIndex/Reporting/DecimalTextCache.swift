/// `DecimalText` with a memory: the texts of recently written numbers, by their bits, in a
/// direct-mapped table. Respondent scores take few values (a dimension's score is a mean of
/// a few items' scores: the demo's million respondents have 10 to 62 distinct scores per
/// dimension and about 1,500 overall), so most numbers of respondents.csv and of the store
/// are copied from the table instead of being formatted again. The text is the one
/// `DecimalText.append` writes, or for the workbook's respondent sheet the one `csvText` is.
///
/// Doubles a few bits apart often share one fixed-point text: the overall index of 200,000
/// respondents has 1,306 texts but tens of thousands of doubles (means of weighted means,
/// each rounded its own way). A number not found by its bits is looked for a second time,
/// in a table of its own, by what its text depends on: the number scaled and rounded, and
/// its sign.
public struct DecimalTextCache {
    /// Which text a number has.
    enum Form {
        /// `DecimalText.append(_:decimals:to:)`'s: respondents.csv and the store.
        case decimals(Int)
        /// `csvText`'s, the shortest that reads back as the number: the workbook's cells.
        case shortest
    }

    @usableFromInline static let slots = 4096
    /// A slot's words: its key, its text's length, and room for the text (`longestText`
    /// bytes), side by side, so that a hit reads one slot's cache line where the keys, the
    /// lengths and the texts in tables of their own were three.
    @usableFromInline static let wordsPerSlot = 5
    /// Two tables of `slots` slots each: by the number's bits, then by its scaled key
    /// (`scaledKey(of:)`). An empty slot's key is NaN's bits (NaN writes nothing and is never
    /// looked up but by itself, finding a length of 0: it writes nothing, as it should; a
    /// scaled key is below 2^54, its sign bit aside).
    /// (The `shortest` form has the first table only: its text depends on all the bits.)
    @usableFromInline var table: [UInt64]
    private var scratch: [UInt8] = []
    private let form: Form

    public init(decimals: Int = 10) { self.init(form: .decimals(decimals)) }

    init(form: Form) {
        self.form = form
        let tables = if case .decimals = form { 2 } else { 1 }
        table = [UInt64](repeating: 0, count: tables * Self.slots * Self.wordsPerSlot)
        for slot in 0..<tables * Self.slots { table[slot * Self.wordsPerSlot] = Double.nan.bitPattern }
        scratch.reserveCapacity(64)
    }

    /// The most bytes `write(_:at:)` writes for one number (any finite double's text fits:
    /// fixed point below 10^6, else at most 24 characters of `csvText`).
    public static let longestText = 24

    /// Appends `value`'s text, as its form writes it, to `bytes`: for writers that append to
    /// an array (the workbook's cells).
    public mutating func append(_ value: Double, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.longestText) { text in
            let length = write(value, at: text.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<length]))
        }
    }

    /// Writes `value` at `target`, as its form writes it, and returns how many bytes that
    /// took. `target` must have room for `longestText` bytes: a text from the table is
    /// copied as one block of that size. For writers that reserve a piece's room once and
    /// fill it through a pointer, which costs no capacity or uniqueness check per number
    /// (those were most of writing respondents.csv). Inlined where it is called: nearly every
    /// number is found by its bits, and a call per number was a tenth of its cost.
    @inlinable @inline(__always)
    public mutating func write(_ value: Double, at target: UnsafeMutablePointer<UInt8>) -> Int {
        let bits = value.bitPattern
        let slot = Self.slot(of: bits)
        let hit: Int? = table.withUnsafeBufferPointer { table in
            let entry = UnsafeRawPointer(table.baseAddress! + slot * Self.wordsPerSlot)
            guard entry.load(as: UInt64.self) == bits else { return nil }
            let text = UnsafeMutableRawPointer(target)
            text.storeBytes(of: entry.load(fromByteOffset: 16, as: UInt64.self), as: UInt64.self)
            text.storeBytes(of: entry.load(fromByteOffset: 24, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
            text.storeBytes(of: entry.load(fromByteOffset: 32, as: UInt64.self), toByteOffset: 16, as: UInt64.self)
            return Int(truncatingIfNeeded: entry.load(fromByteOffset: 8, as: UInt64.self))
        }
        if let hit { return hit }
        return writeMissing(value, slot: slot, at: target)
    }

    /// `write`'s way for a number not found by its bits (or for a non-finite number, whose
    /// text is none): found by its scaled key, or formatted and remembered.
    @usableFromInline
    mutating func writeMissing(_ value: Double, slot: Int, at target: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { return 0 }
        let bits = value.bitPattern
        // Not by its bits: by its scaled key, in the second table.
        var scaledSlot = -1
        var scaledKey: UInt64 = 0
        if case .decimals(let decimals) = form, let key = Self.scaledKey(of: value, decimals: decimals) {
            scaledKey = key
            scaledSlot = Self.slots + Self.slot(of: key)
            if table[scaledSlot * Self.wordsPerSlot] == key {
                let length = Int(table[scaledSlot * Self.wordsPerSlot + 1])
                table.withUnsafeBytes { target.update(from: ($0.baseAddress! + (scaledSlot * Self.wordsPerSlot + 2) * 8).assumingMemoryBound(to: UInt8.self), count: length) }
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(start: target, count: length))
                remember(bits, slot: slot)
                return length
            }
        }
        scratch.removeAll(keepingCapacity: true)
        switch form {
        case .decimals(let decimals): DecimalText.append(value, decimals: decimals, to: &scratch)
        case .shortest: scratch += value.csvText.utf8
        }
        precondition(scratch.count <= Self.longestText, "a number's text is longer than the room reserved for it")
        scratch.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: $0.count) }
        remember(bits, slot: slot)
        if scaledSlot >= 0 { remember(scaledKey, slot: scaledSlot) }
        return scratch.count
    }

    /// A key's slot in a table: the top 12 bits of a multiplicative hash (nearby keys differ
    /// in their low bits).
    @inlinable @inline(__always)
    static func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52) }

    /// What a number's fixed-point text depends on: the number scaled and rounded, with the
    /// sign bit where the text shows a sign; `nil` where the fixed-point form does not apply
    /// (`DecimalText.append` writes `csvText` there).
    private static func scaledKey(of value: Double, decimals: Int) -> UInt64? {
        guard abs(value) < 1e6, decimals <= 12 else { return nil }
        let scaled = DecimalText.scaled(value, decimals: decimals)
        return value < 0 && scaled > 0 ? scaled | 1 << 63 : scaled
    }

    /// Keeps the text in `scratch` as the one of `key`, in `slot` (of either table).
    private mutating func remember(_ key: UInt64, slot: Int) {
        let entry = slot * Self.wordsPerSlot
        table[entry] = key
        table[entry + 1] = UInt64(scratch.count)
        // One block copy (a text fits its slot: `write` checked its length).
        table.withUnsafeMutableBytes { table in
            scratch.withUnsafeBufferPointer { (table.baseAddress! + (entry + 2) * 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
    }
}
