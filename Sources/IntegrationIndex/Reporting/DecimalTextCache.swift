/// `DecimalText` with a memory: the texts of recently written numbers, by their bits, in a
/// direct-mapped table. Respondent scores take few values (a dimension's score is a mean of
/// a few items' scores: the demo's million respondents have 10 to 62 distinct scores per
/// dimension and about 1,500 overall), so most numbers of respondents.csv and of the store
/// are copied from the table instead of being formatted again. The text is the one
/// `DecimalText.append` writes, or for the workbook's respondent sheet the one `csvText` is.
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
    /// Each slot's number as bits; NaN's bits for an empty slot (NaN writes nothing and is
    /// never looked up).
    private var keys = [UInt64](repeating: Double.nan.bitPattern, count: slots)
    private var lengths = [UInt8](repeating: 0, count: slots)
    private var texts = [UInt8](repeating: 0, count: slots * width)
    private var scratch: [UInt8] = []
    private let form: Form

    public init(decimals: Int = 10) { self.init(form: .decimals(decimals)) }

    init(form: Form) {
        self.form = form
        scratch.reserveCapacity(64)
    }

    /// The most bytes `write(_:at:)` writes for one number (any finite double's text fits:
    /// fixed point below 10^6, else at most 24 characters of `csvText`).
    public static let longestText = 24

    /// Writes `value` at `target`, as its form writes it, and
    /// returns how many bytes that took. `target` must have room for `longestText` bytes:
    /// a text from the table is copied as one block of that size. For writers that reserve a
    /// piece's room once and fill it through a pointer, which costs no capacity or uniqueness
    /// check per number (those were most of writing respondents.csv).
    public mutating func write(_ value: Double, at target: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { return 0 }
        let bits = value.bitPattern
        // The top 12 bits of a multiplicative hash: nearby doubles differ in their low bits.
        let slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 52)
        let hit: Int? = keys.withUnsafeBufferPointer { keys in
            guard keys[slot] == bits else { return nil }
            texts.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + slot * Self.width, count: Self.width) }
            return lengths.withUnsafeBufferPointer { Int($0[slot]) }
        }
        if let hit { return hit }
        scratch.removeAll(keepingCapacity: true)
        switch form {
        case .decimals(let decimals): DecimalText.append(value, decimals: decimals, to: &scratch)
        case .shortest: scratch += value.csvText.utf8
        }
        precondition(scratch.count <= Self.longestText, "a number's text is longer than the room reserved for it")
        scratch.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: $0.count) }
        remember(bits, slot: slot)
        return scratch.count
    }

    /// Keeps the text in `scratch` as the one of `bits`, in `slot`.
    private mutating func remember(_ bits: UInt64, slot: Int) {
        keys[slot] = bits
        lengths[slot] = UInt8(scratch.count)
        let start = slot * Self.width
        for (offset, byte) in scratch.enumerated() { texts[start + offset] = byte }
    }
}
