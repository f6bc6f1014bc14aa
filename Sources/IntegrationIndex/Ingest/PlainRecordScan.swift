import CPlainScan

/// Ingest's fast path, for the records nearly every survey file is made of: one physical
/// line, the header's number of fields, no quote but around a whole field, every design
/// value present, every number a plain decimal. Such a record is read straight from its
/// bytes into the checker's rows: one scan to the line's end that notes where each field
/// is, then the kept cells converted (the columns kept as codes only first, then those kept
/// as numbers only, then the others), each read from its field's place and written to its
/// place in the checker's columns. Anything else (an escaped quote, a line break in quotes,
/// a ragged row, a blank id, a weight that is not a plain number ≥ 0, a number to be
/// reported) is handed back with nothing of it kept, and `RecordChecker.check` reads it as it
/// always has, quarantine and findings included: this path only ever accepts rows that path
/// would accept, with the same cells.
extension RecordChecker: ShareRecordSink {
    mutating func takePlainRecord(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int, line: Int, separator: UInt8) -> Int? {
        let scratch = plainScratch
        let p = bytes.baseAddress!
        let fieldCount = layout.fieldCount
        // The scan: where each field is.
        var rawEnd = 0
        let fieldStarts = scratch.fieldStarts
        let fieldEnds = scratch.fieldEnds
        let fields = integra_scan_plain_record(p, start, limit, separator, fieldCount, fieldStarts, fieldEnds, &rawEnd)
        // Not plain, a ragged row, a blank line or a lone carriage return: the long way.
        guard fields == fieldCount, rawEnd > start else { return nil }
        let next: Int
        if p[rawEnd] == UInt8(ascii: "\r") {
            guard rawEnd + 1 < limit, p[rawEnd + 1] == UInt8(ascii: "\n") else { return nil }
            next = rawEnd + 2
        } else {
            next = rawEnd + 1
        }

        // Each kept cell once: its design value checked, its number parsed, its code found,
        // written to the row's place in the checker's columns; the row is counted only when
        // all pass, so one given up half way leaves nothing kept. (A value interned from a
        // row handed back is only a local code that no kept row uses: the file's codes follow
        // first appearance in kept rows, `RowAccumulator.keep`.)
        makeRoom()
        let row = lines.count
        let codeCells = codes.base + row
        let codeStride = codes.capacity
        let oneByteCodes = scratch.oneByteCodes
        // The code of `slot`'s cell `bytes[cellStart..<cellEnd]` (trimmed), the long way:
        // `missing` when empty, through the interner for a value the table has not seen.
        @inline(__always) func codeOf(slot: Int, _ cellStart: Int, _ cellEnd: Int) -> Int32 {
            let length = cellEnd &- cellStart
            if length == 1 {
                // One byte: most answers; its code straight from a table.
                let entry = slot << 8 | Int(p[cellStart])
                var code = oneByteCodes[entry]
                if code < 0 {
                    code = interners[slot].code(of: UnsafeBufferPointer(start: p + cellStart, count: 1), encoding: encoding)
                    oneByteCodes[entry] = code
                }
                return code
            }
            guard length > 1 else { return CategoricalColumn.missing }
            let cell = UnsafeBufferPointer(start: p + cellStart, count: length)
            if length < 16, cellStart + 16 <= limit {
                // The cell's key from two word loads: the 16 bytes from its start lie within
                // the buffer (the record's line end is later still).
                return interners[slot].code(ofShort: ValueInterner.ShortKey(loadingFrom: p + cellStart, count: length), bytes: cell, encoding: encoding)
            }
            return interners[slot].code(of: cell, encoding: encoding)
        }
        // The columns kept as codes only, most of a survey's (its answers): a loop of their
        // own, in which a cell of one byte that needs no trimming is two loads and a store.
        let codeOnly = scratch.codeOnly
        for column in 0..<scratch.codeOnlyCount {
            let plan = codeOnly[column]
            let slot = Int(plan.slot)
            let field = Int(plan.field)
            let cellStart = fieldStarts[field], cellEnd = fieldEnds[field]
            var code: Int32
            if cellEnd &- cellStart == 1, p[cellStart] > 0x20 {
                code = oneByteCodes[slot << 8 | Int(p[cellStart])]
                if code < 0 { code = codeOf(slot: slot, cellStart, cellEnd) }
            } else {
                let (start, end) = Self.trimmed(p, cellStart, cellEnd)
                code = codeOf(slot: slot, start, end)
            }
            codeCells[slot &* codeStride] = code
        }
        let numberCells = numbers.base + row
        let numberStride = numbers.capacity
        let decimalComma = layout.decimalComma
        // The columns kept as numbers only, with no check (a study's numeric answers, the
        // variables `integra estimate` is asked for): a loop of their own too.
        guard
            Self.takePlainNumbers(
                p, fieldStarts: fieldStarts, fieldEnds: fieldEnds, plans: scratch.numberOnly, count: scratch.numberOnlyCount, into: numberCells,
                stride: numberStride, decimalComma: decimalComma, readable: limit)
        else { return nil }
        // The other columns (design values, numbers kept as codes too), in column order.
        let plans = scratch.plans
        for column in 0..<scratch.otherCount {
            let plan = plans[column]
            let flags = plan.flags
            let field = Int(plan.field)
            let (cellStart, cellEnd) = Self.trimmed(p, fieldStarts[field], fieldEnds[field])
            if flags & PlainRecordScratch.isDesignID != 0, cellStart == cellEnd { return nil }
            if flags & PlainRecordScratch.keepsNumbers != 0 {
                guard let number = Self.plainNumber(p, cellStart, cellEnd, decimalComma: decimalComma, readable: limit) else { return nil }
                // NaN (a blank cell) fails both: the long way writes its quarantine.
                if flags & PlainRecordScratch.isWeight != 0, !(number >= 0) { return nil }
                if flags & PlainRecordScratch.isFPC != 0, !(number > 0) { return nil }
                numberCells[Int(plan.numberSlot) &* numberStride] = number
            }
            if flags & PlainRecordScratch.keepsCodes != 0 {
                let slot = Int(plan.codeSlot)
                codeCells[slot &* codeStride] = codeOf(slot: slot, cellStart, cellEnd)
            }
        }
        // Rows named by their line keep no id, as `check` leaves them.
        if scratch.idField >= 0 {
            let (cellStart, cellEnd) = Self.trimmed(p, fieldStarts[scratch.idField], fieldEnds[scratch.idField])
            guard cellStart < cellEnd else { return nil }
            let id = encoding.decode(UnsafeBufferPointer(start: p + cellStart, count: cellEnd - cellStart))
            ids.append(id)
            hashes.append(IDTable.hash(id))
        }
        rowsRead += 1
        lines.append(Int32(line))
        raw.append(start..<rawEnd)
        return next
    }

    mutating func take(_ info: CSVReader.RecordInfo, fields: UnsafeBufferPointer<CSVReader.Field>, in bytes: UnsafeBufferPointer<UInt8>) {
        check(info, fields: fields, bytes: bytes, encoding: encoding)
    }

    /// The number of the cell `bytes[start..<end]` (trimmed): NaN when empty, `nil` when it
    /// is not a plain number (the long way decides what it is).
    @inline(__always)
    private static func plainNumber(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, decimalComma: Bool, readable: Int) -> Double? {
        start < end ? NumberParser.parsePlain(bytes, from: start, to: end, decimalComma: decimalComma, readable: readable) : .nan
    }

    /// The cells of the columns kept as numbers only (`plans`, `count` of them) written to
    /// their slots of the row at `numbers` (slot s at `numbers[s · stride]`); false as soon as
    /// one is not a plain number. A function of its own, small enough that `parsePlain` is
    /// inlined into its loop: no call per number.
    @inline(never)
    private static func takePlainNumbers(
        _ bytes: UnsafePointer<UInt8>, fieldStarts: UnsafeMutablePointer<Int>, fieldEnds: UnsafeMutablePointer<Int>,
        plans: UnsafeMutablePointer<PlainRecordScratch.SlotPlan>, count: Int, into numbers: UnsafeMutablePointer<Double>, stride: Int, decimalComma: Bool,
        readable: Int
    ) -> Bool {
        for column in 0..<count {
            let plan = plans[column]
            let field = Int(plan.field)
            let (start, end) = trimmed(bytes, fieldStarts[field], fieldEnds[field])
            guard let number = plainNumber(bytes, start, end, decimalComma: decimalComma, readable: readable) else { return false }
            numbers[Int(plan.slot) &* stride] = number
        }
        return true
    }

    /// `bytes[start..<end]` without the spaces and tabs around it, as `trimmed(_:)` cuts a cell.
    @inline(__always)
    private static func trimmed(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        // Nearly every cell: empty, or neither end a space, a tab or another control byte.
        if start == end || bytes[start] > 0x20 && bytes[end &- 1] > 0x20 { return (start, end) }
        var lower = start
        var upper = end
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return (lower, upper)
    }
}

/// The fast path's tables, in memory of its own: read and written
/// through plain pointers, with none of the uniqueness and bounds checks an array costs per
/// cell. One per checker, used only on the checker's core (checkers are never copied while
/// they check).
final class PlainRecordScratch: @unchecked Sendable {
    static let keepsCodes: UInt8 = 1
    static let keepsNumbers: UInt8 = 2
    static let isDesignID: UInt8 = 4
    /// A weight or a replicate weight: a number ≥ 0.
    static let isWeight: UInt8 = 8
    static let isFPC: UInt8 = 16

    /// What the fast path needs of one kept column, in 16 bytes: its field, its code and
    /// number slots and what it is kept as. One load per cell, where four tables of their
    /// own were four, each pointer held in a register or reloaded from the stack per cell.
    struct ColumnPlan {
        var field: Int32
        var codeSlot: Int32
        var numberSlot: Int32
        var flags: UInt8
    }

    /// A column kept as codes only, or as numbers only, with no check: its field and its code
    /// or number slot, all its loop needs.
    struct SlotPlan {
        var field: Int32
        var slot: Int32
    }

    /// The columns kept as codes only, in `Layout.columns` order.
    let codeOnly: UnsafeMutablePointer<SlotPlan>
    let codeOnlyCount: Int
    /// The columns kept as numbers only, in `Layout.columns` order.
    let numberOnly: UnsafeMutablePointer<SlotPlan>
    let numberOnlyCount: Int
    /// The other kept columns' plans, in `Layout.columns` order.
    let plans: UnsafeMutablePointer<ColumnPlan>
    let otherCount: Int
    /// The scan's own room: where each field of a record starts and ends.
    let fieldStarts: UnsafeMutablePointer<Int>
    let fieldEnds: UnsafeMutablePointer<Int>
    /// The id's field; −1 for rows named by their line.
    let idField: Int
    /// The checker's code of each one-byte value, `slot << 8 | byte`; −1 until first seen.
    let oneByteCodes: UnsafeMutablePointer<Int32>

    init(layout: RowAccumulator.Layout) {
        let columns = layout.columns
        plans = Self.ownLines(max(columns.count, 1))
        codeOnly = Self.ownLines(max(columns.count, 1))
        numberOnly = Self.ownLines(max(columns.count, 1))
        var (codeOnlyCount, numberOnlyCount, otherCount) = (0, 0, 0)
        for column in columns {
            // The general path reads `fields[column.index]` of a record of the header's
            // fields: every kept column is one of the header's.
            precondition(column.index < layout.fieldCount, "a kept column is outside the header")
            var kind: UInt8 = 0
            if column.keepsCodes { kind |= Self.keepsCodes }
            if column.keepsNumbers { kind |= Self.keepsNumbers }
            if column.isDesignID { kind |= Self.isDesignID }
            if column.isWeight || column.isReplicateWeight { kind |= Self.isWeight }
            if column.isFPC { kind |= Self.isFPC }
            if kind == Self.keepsCodes {
                (codeOnly + codeOnlyCount).initialize(to: SlotPlan(field: Int32(column.index), slot: Int32(column.codeSlot)))
                codeOnlyCount += 1
            } else if kind == Self.keepsNumbers {
                (numberOnly + numberOnlyCount).initialize(to: SlotPlan(field: Int32(column.index), slot: Int32(column.numberSlot)))
                numberOnlyCount += 1
            } else {
                (plans + otherCount).initialize(
                    to: ColumnPlan(field: Int32(column.index), codeSlot: Int32(column.codeSlot), numberSlot: Int32(column.numberSlot), flags: kind))
                otherCount += 1
            }
        }
        (self.codeOnlyCount, self.numberOnlyCount, self.otherCount) = (codeOnlyCount, numberOnlyCount, otherCount)
        if let idIndex = layout.idIndex {
            precondition(idIndex < layout.fieldCount, "the id column is outside the header")
            idField = idIndex
        } else {
            idField = -1
        }
        fieldStarts = Self.ownLines(layout.fieldCount + 64)
        fieldEnds = Self.ownLines(layout.fieldCount + 64)
        oneByteCodes = Self.ownLines(max(layout.codeSlots, 1) << 8)
        oneByteCodes.initialize(repeating: -1, count: max(layout.codeSlots, 1) << 8)
    }

    /// Room for `count` values in cache lines of their own: each core writes its checker's
    /// cells and row at every record, and a line shared with the other core's tables (small
    /// allocations lie side by side) would move between the cores at every write.
    private static func ownLines<T>(_ count: Int) -> UnsafeMutablePointer<T> {
        let line = 128
        let bytes = (max(count, 1) * MemoryLayout<T>.stride + line - 1) / line * line
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: line).bindMemory(to: T.self, capacity: max(count, 1))
    }

    deinit {
        // Raw memory, as `ownLines` allocated it.
        for table: UnsafeMutableRawPointer in [
            UnsafeMutableRawPointer(plans), UnsafeMutableRawPointer(codeOnly), UnsafeMutableRawPointer(numberOnly), UnsafeMutableRawPointer(fieldStarts), UnsafeMutableRawPointer(fieldEnds), UnsafeMutableRawPointer(oneByteCodes),
        ] {
            table.deallocate()
        }
    }
}
