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

    private static let slots = 4096
    /// Room for each slot's text: every text fits (`longestText`).
    private static let width = longestText
    /// Two tables of `slots` each: by the number's bits, then by its scaled key
    /// (`scaledKey(of:)`). Each slot's key; NaN's bits for an empty slot (NaN writes nothing
    /// and is never looked up; a scaled key is below 2^54, its sign bit aside).
    /// (The `shortest` form has the first table only: its text depends on all the bits.)
    private var keys: [UInt64]
    private var lengths: [UInt8]
    private var texts: [UInt8]
    private var scratch: [UInt8] = []
    private let form: Form

    public init(decimals: Int = 10) { self.init(form: .decimals(decimals)) }

    init(form: Form) {
        self.form = form
        let tables = if case .decimals = form { 2 } else { 1 }
        keys = [UInt64](repeating: Double.nan.bitPattern, count: tables * Self.slots)
        lengths = [UInt8](repeating: 0, count: tables * Self.slots)
        texts = [UInt8](repeating: 0, count: tables * Self.slots * Self.width)
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

    /// Writes `value` at `target`, as its form writes it, and
    /// returns how many bytes that took. `target` must have room for `longestText` bytes:
    /// a text from the table is copied as one block of that size. For writers that reserve a
    /// piece's room once and fill it through a pointer, which costs no capacity or uniqueness
    /// check per number (those were most of writing respondents.csv).
    public mutating func write(_ value: Double, at target: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { return 0 }
        let bits = value.bitPattern
        let slot = Self.slot(of: bits)
        let hit: Int? = keys.withUnsafeBufferPointer { keys in
            guard keys[slot] == bits else { return nil }
            texts.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + slot * Self.width, count: Self.width) }
            return lengths.withUnsafeBufferPointer { Int($0[slot]) }
        }
        if let hit { return hit }
        // Not by its bits: by its scaled key, in the second table.
        var scaledSlot = -1
        var scaledKey: UInt64 = 0
        if case .decimals(let decimals) = form, let key = Self.scaledKey(of: value, decimals: decimals) {
            scaledKey = key
            scaledSlot = Self.slots + Self.slot(of: key)
            if keys[scaledSlot] == key {
                let length = Int(lengths[scaledSlot])
                texts.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + scaledSlot * Self.width, count: length) }
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
    @inline(__always)
    private static func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52) }

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
        keys[slot] = key
        lengths[slot] = UInt8(scratch.count)
        let start = slot * Self.width
        // One block copy (a text fits its slot: `write` checked its length).
        texts.withUnsafeMutableBufferPointer { texts in
            scratch.withUnsafeBufferPointer { (texts.baseAddress! + start).update(from: $0.baseAddress!, count: $0.count) }
        }
    }
}
