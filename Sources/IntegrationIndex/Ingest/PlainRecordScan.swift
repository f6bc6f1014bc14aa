import CPlainScan

/// Ingest's fast path, for the records nearly every survey file is made of: one physical
/// line, the header's number of fields, no quote but around a whole field, every design
/// value present, every number a plain decimal. Such a record is read straight from its
/// bytes into the checker's rows: one scan to the line's end that notes where each kept
/// cell is, then the cells converted in one pass over the kept columns, each written to its
/// place in the checker's columns. Anything else (an escaped quote, a line break in quotes, a
/// ragged row, a blank id, a weight that is not a plain number ≥ 0, a number to be
/// reported) is handed back with nothing of it kept, and `RecordChecker.check` reads it as
/// it always has, quarantine and findings included: this path only ever accepts rows that
/// path would accept, with the same cells.
extension RecordChecker: ShareRecordSink {
    mutating func takePlainRecord(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int, line: Int, separator: UInt8) -> Int? {
        let scratch = plainScratch
        let p = bytes.baseAddress!
        let fieldCount = layout.fieldCount
        // The scan: where each field is, kept cells (and the id's) noted by their column.
        var rawEnd = 0
        let fields = integra_scan_plain_record(
            p, start, limit, separator, fieldCount, scratch.columnOfField, scratch.noted, scratch.fieldOfColumn, scratch.fieldBounds, scratch.cellStarts, scratch.cellEnds,
            &rawEnd)
        // Not plain, a ragged row, a blank line or a lone carriage return: the long way.
        guard fields == fieldCount, rawEnd > start else { return nil }
        let next: Int
        if p[rawEnd] == UInt8(ascii: "\r") {
            guard rawEnd + 1 < limit, p[rawEnd + 1] == UInt8(ascii: "\n") else { return nil }
            next = rawEnd + 2
        } else {
            next = rawEnd + 1
        }

        // Each kept cell once, in column order: its design value checked, its number parsed,
        // its code found, written to the row's place in the checker's columns; the row is
        // counted only when all pass, so one given up half way leaves nothing kept.
        // (A value interned from a row handed back is only a local code that no kept row
        // uses: the file's codes follow first appearance in kept rows, `RowAccumulator.keep`.)
        makeRoom()
        let row = lines.count
        let numberCells = numbers.base + row
        let numberStride = numbers.capacity
        let codeCells = codes.base + row
        let codeStride = codes.capacity
        let columnCount = layout.columns.count
        let decimalComma = layout.decimalComma
        for column in 0..<columnCount {
            let flags = scratch.flags[column]
            let (cellStart, cellEnd) = Self.trimmed(p, scratch.cellStarts[column], scratch.cellEnds[column])
            if flags & PlainRecordScratch.isDesignID != 0, cellStart == cellEnd { return nil }
            if flags & PlainRecordScratch.keepsNumbers != 0 {
                var number = Double.nan
                if cellStart < cellEnd {
                    guard let parsed = NumberParser.parsePlain(p, from: cellStart, to: cellEnd, decimalComma: decimalComma) else { return nil }
                    number = parsed
                }
                // NaN (a blank cell) fails both: the long way writes its quarantine.
                if flags & PlainRecordScratch.isWeight != 0, !(number >= 0) { return nil }
                if flags & PlainRecordScratch.isFPC != 0, !(number > 0) { return nil }
                numberCells[Int(scratch.numberSlots[column]) &* numberStride] = number
            }
            if flags & PlainRecordScratch.keepsCodes != 0 {
                let slot = Int(scratch.codeSlots[column])
                var code = CategoricalColumn.missing
                let length = cellEnd &- cellStart
                if length == 1 {
                    // One byte: most answers; its code straight from a table.
                    let entry = slot << 8 | Int(p[cellStart])
                    code = scratch.oneByteCodes[entry]
                    if code < 0 {
                        code = interners[slot].code(of: UnsafeBufferPointer(start: p + cellStart, count: 1), encoding: encoding)
                        scratch.oneByteCodes[entry] = code
                    }
                } else if length > 1 {
                    let cell = UnsafeBufferPointer(start: p + cellStart, count: length)
                    if length < 16, cellStart + 16 <= limit {
                        // The cell's key from two word loads: the 16 bytes from its start
                        // lie within the buffer (the record's line end is later still).
                        code = interners[slot].code(ofShort: ValueInterner.ShortKey(loadingFrom: p + cellStart, count: length), bytes: cell, encoding: encoding)
                    } else {
                        code = interners[slot].code(of: cell, encoding: encoding)
                    }
                }
                codeCells[slot &* codeStride] = code
            }
        }
        // Rows named by their line keep no id, as `check` leaves them.
        if scratch.idColumn >= 0 {
            let (cellStart, cellEnd) = Self.trimmed(p, scratch.cellStarts[scratch.idColumn], scratch.cellEnds[scratch.idColumn])
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

    /// The kept column (its place in `Layout.columns`) of each field of a record, the id's
    /// place when the id is not kept otherwise; −1 for none.
    let columnOfField: UnsafeMutablePointer<Int32>
    /// The inverse: the field of each noted column (the kept ones, then the id's place).
    let fieldOfColumn: UnsafeMutablePointer<Int32>
    /// How many columns are noted: the kept ones and one more for the id's.
    let noted: Int
    /// The scan's own room: the bounds of a record's fields.
    let fieldBounds: UnsafeMutablePointer<Int>
    /// By kept column: what it is kept as, and its code and number slots.
    let flags: UnsafeMutablePointer<UInt8>
    let codeSlots: UnsafeMutablePointer<Int32>
    let numberSlots: UnsafeMutablePointer<Int32>
    /// By kept column: where its cell of the current record is. One more place at the end
    /// for the id's cell, when the id is not a kept column.
    let cellStarts: UnsafeMutablePointer<Int>
    let cellEnds: UnsafeMutablePointer<Int>
    /// Where the id's cell is noted in `cellStarts` and `cellEnds`; −1 for rows named by their line.
    let idColumn: Int
    /// The checker's code of each one-byte value, `slot << 8 | byte`; −1 until first seen.
    let oneByteCodes: UnsafeMutablePointer<Int32>

    init(layout: RowAccumulator.Layout) {
        let columns = layout.columns
        columnOfField = Self.ownLines(max(layout.fieldCount, 1))
        columnOfField.initialize(repeating: -1, count: max(layout.fieldCount, 1))
        flags = Self.ownLines(max(columns.count, 1))
        codeSlots = Self.ownLines(max(columns.count, 1))
        numberSlots = Self.ownLines(max(columns.count, 1))
        cellStarts = Self.ownLines(columns.count + 1)
        cellEnds = Self.ownLines(columns.count + 1)
        cellStarts.initialize(repeating: 0, count: columns.count + 1)
        cellEnds.initialize(repeating: 0, count: columns.count + 1)
        for (position, column) in columns.enumerated() {
            if column.index < layout.fieldCount { columnOfField[column.index] = Int32(position) }
            var kind: UInt8 = 0
            if column.keepsCodes { kind |= Self.keepsCodes }
            if column.keepsNumbers { kind |= Self.keepsNumbers }
            if column.isDesignID { kind |= Self.isDesignID }
            if column.isWeight || column.isReplicateWeight { kind |= Self.isWeight }
            if column.isFPC { kind |= Self.isFPC }
            (flags + position).initialize(to: kind)
            (codeSlots + position).initialize(to: Int32(column.codeSlot))
            (numberSlots + position).initialize(to: Int32(column.numberSlot))
        }
        if let idIndex = layout.idIndex {
            // The general path reads `fields[idIndex]`: the id is always one of the header's.
            precondition(idIndex < layout.fieldCount, "the id column is outside the header")
            if columnOfField[idIndex] < 0 { columnOfField[idIndex] = Int32(columns.count) }
            idColumn = Int(columnOfField[idIndex])
        } else {
            idColumn = -1
        }
        noted = columns.count + 1
        fieldOfColumn = Self.ownLines(noted)
        fieldOfColumn.initialize(repeating: -1, count: noted)
        for field in 0..<layout.fieldCount where columnOfField[field] >= 0 {
            // One field per column: each header position serves one kept column.
            precondition(fieldOfColumn[Int(columnOfField[field])] < 0, "two fields for one column")
            fieldOfColumn[Int(columnOfField[field])] = Int32(field)
        }
        fieldBounds = Self.ownLines(layout.fieldCount + 65)
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
            UnsafeMutableRawPointer(columnOfField), UnsafeMutableRawPointer(fieldOfColumn), UnsafeMutableRawPointer(fieldBounds), UnsafeMutableRawPointer(flags), UnsafeMutableRawPointer(codeSlots),
            UnsafeMutableRawPointer(numberSlots), UnsafeMutableRawPointer(cellStarts), UnsafeMutableRawPointer(cellEnds),
            UnsafeMutableRawPointer(oneByteCodes),
        ] {
            table.deallocate()
        }
    }
}
