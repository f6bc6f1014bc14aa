import Foundation

/// The per-row work of ingest for a share of one batch of records, so that several can run
/// on different cores: it checks each record (field count, quoting, id, design values) and
/// turns the kept cells into codes and numbers, into columns of its own. Which rows repeat an
/// earlier id can only be decided in file order, so that is left to `RowAccumulator`, which
/// takes the checked rows in order.
///
/// Rows come in by two paths that write the same columns: `check`, for any record with its
/// parsed fields, and `takePlainRecord` (PlainRecordScan.swift), for a plain one read
/// straight from its bytes.
///
/// A value type on purpose: each core mutates its own checker in place, so the per-cell work
/// is plain stores, with none of the run-time exclusivity checks a class's properties cost
/// (measured: a fifth of ingest).
struct RecordChecker: Sendable {
    let layout: RowAccumulator.Layout
    /// Codes are local to this checker; `RowAccumulator` maps them to the file's.
    var interners: [ValueInterner]
    /// The checked rows' codes and numbers, a column per slot, `rowCount` rows of each.
    private(set) var codes: SlotColumns<Int32>
    private(set) var numbers: SlotColumns<Double>
    /// The ids of the checked rows of the current batch, in order; none where rows are named
    /// by their line (`lines` names them).
    var ids: [String] = []
    var hashes: [UInt64] = []
    var lines: [Int32] = []
    var raw: [Range<Int>] = []
    /// Findings about values of checked rows, with the row they belong to.
    private(set) var findings: [(row: Int, finding: Finding)] = []
    private(set) var quarantine: [QuarantinedRow] = []
    var rowsRead = 0
    /// The fast path's tables (`takePlainRecord`).
    let plainScratch: PlainRecordScratch
    /// The encoding of the share being checked, for records taken from `CSVReader.parse(share:…)`.
    var encoding = TextEncoding.utf8

    init(layout: RowAccumulator.Layout) {
        self.layout = layout
        plainScratch = PlainRecordScratch(layout: layout)
        interners = Array(repeating: ValueInterner(), count: layout.codeSlots)
        codes = SlotColumns(slots: layout.codeSlots)
        numbers = SlotColumns(slots: layout.numberSlots)
    }

    /// Room for `rows` more rows than are checked, so that a row's cells can be written in
    /// place: the checker grows its columns before a row, never while writing one.
    @inline(__always)
    mutating func makeRoom(rows: Int = 1) {
        let needed = lines.count + rows
        if needed > numbers.capacity || needed > codes.capacity { growColumns(to: needed) }
    }

    private mutating func growColumns(to rows: Int) {
        numbers.reserve(rows: rows, keeping: lines.count)
        codes.reserve(rows: rows, keeping: lines.count)
    }

    var rowCount: Int { lines.count }

    /// Forgets the last batch's rows; the interners keep their codes.
    mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        findings.removeAll(keepingCapacity: true)
        quarantine.removeAll(keepingCapacity: true)
        rowsRead = 0
    }

    /// Checks `records` of `batch`, whose fields are ranges of `bytes`, read as `encoding`.
    mutating func check(_ records: Range<Int>, of batch: CSVReader.RecordBatch, bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) {
        makeRoom(rows: records.count)
        batch.records.withUnsafeBufferPointer { infos in
            batch.fields.withUnsafeBufferPointer { fields in
                batch.fieldOffsets.withUnsafeBufferPointer { offsets in
                    for record in records {
                        let recordFields = UnsafeBufferPointer(rebasing: fields[offsets[record]..<offsets[record + 1]])
                        check(infos[record], fields: recordFields, bytes: bytes, encoding: encoding)
                    }
                }
            }
        }
    }

    /// Counts the lines of the rows checked so far from `first` rather than from 0: a
    /// share's records are checked as they are parsed, before the lines of the shares
    /// before it are known.
    mutating func shiftLines(by first: Int) {
        guard first != 0 else { return }
        for row in lines.indices { lines[row] += Int32(first) }
        for index in findings.indices { findings[index].finding.line += first }
        for index in quarantine.indices { quarantine[index].line += first }
    }

    /// Checks one record, whose fields are ranges of `bytes`, read as `encoding`.
    mutating func check(_ info: CSVReader.RecordInfo, fields: UnsafeBufferPointer<CSVReader.Field>, bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) {
        rowsRead += 1
        func quarantine(_ kind: QuarantinedRow.Kind, _ reason: String) {
            self.quarantine.append(QuarantinedRow(line: info.line, kind: kind, reason: reason, raw: Array(bytes[info.raw])))
        }
        func cell(_ field: CSVReader.Field) -> UnsafeBufferPointer<UInt8> {
            Self.trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
        }
        func text(_ field: CSVReader.Field) -> String { encoding.decode(CSVReader.bytes(of: field, in: bytes)) }
        // Rows may differ from the header only by empty fields after its last named column.
        guard fields.count == layout.fieldCount
            || (fields.count >= layout.usedFieldCount && fields[layout.usedFieldCount...].allSatisfy { $0.start == $0.end })
        else {
            quarantine(.fieldCount, "wrong number of fields: expected \(layout.fieldCount), found \(fields.count)")
            return
        }
        if let malformed = info.malformedField {
            quarantine(.malformedQuoting, "malformed quoting in field \(malformed + 1)")
            return
        }
        // Rows named by their line get their names when kept (`RowAccumulator.keep`), once
        // their lines in the file are known: "" here.
        var id = ""
        if let idIndex = layout.idIndex {
            let field = fields[idIndex]
            id = field.hasEscapedQuotes ? text(field).trimmingCharacters(in: .whitespaces) : encoding.decode(cell(field))
            guard !id.isEmpty else {
                quarantine(.missingID, "missing respondent id")
                return
            }
        }
        // Validate the design values before anything of the row is kept: numbers are written
        // to the row's place as they are parsed, and count only once the row does.
        let row = lines.count
        makeRoom()
        for column in layout.columns where column.keepsNumbers || column.isDesignID {
            let field = fields[column.index]
            let text = cell(field)
            if column.isDesignID && text.isEmpty {
                quarantine(.missingDesignValue, "missing design value in column \"\(layout.name(of: column))\"")
                return
            }
            guard column.keepsNumbers else { continue }
            let number = field.hasEscapedQuotes ? nil : NumberParser.parse(text, decimalComma: layout.decimalComma)
            numbers[slot: column.numberSlot, row: row] = number ?? .nan
            if column.isWeight || column.isReplicateWeight {
                guard let number, number.isFinite, number >= 0 else {
                    let kind = column.isWeight ? "weight" : "replicate weight"
                    let name = layout.name(of: column)
                    quarantine(.unusableWeight, text.isEmpty ? "missing \(kind) in column \"\(name)\"" : "unusable \(kind) \"\(String(decoding: text, as: UTF8.self))\" in column \"\(name)\": weights must be numbers ≥ 0")
                    return
                }
            }
            if column.isFPC {
                guard let number, number.isFinite, number > 0 else {
                    quarantine(.unusableFPC, "unusable fpc \"\(String(decoding: text, as: UTF8.self))\" in column \"\(layout.name(of: column))\": a population size ≥ 1 or a sampling fraction in (0, 1) is needed")
                    return
                }
            }
        }
        if layout.idIndex != nil {
            ids.append(id)
            hashes.append(IDTable.hash(id))
        }
        for column in layout.columns {
            let field = fields[column.index]
            if column.keepsNumbers, numbers[slot: column.numberSlot, row: row].isNaN, !cell(field).isEmpty {
                let text = text(field)
                findings.append((row, Finding(
                    line: info.line, column: layout.name(of: column), value: text, rule: .notANumber,
                    message: "\"\(text)\" is not a number; treated as missing")))
            }
            if column.keepsCodes {
                let code: Int32
                if field.hasEscapedQuotes {
                    let unescaped = CSVReader.bytes(of: field, in: bytes)
                    code = unescaped.withUnsafeBufferPointer { encode(Self.trimmed($0), slot: column.codeSlot, encoding: encoding) }
                } else {
                    code = encode(cell(field), slot: column.codeSlot, encoding: encoding)
                }
                codes[slot: column.codeSlot, row: row] = code
            }
        }
        // Counted last: the row is kept with all its cells written.
        lines.append(Int32(info.line))
        raw.append(info.raw)
    }

    private mutating func encode(_ cell: UnsafeBufferPointer<UInt8>, slot: Int, encoding: TextEncoding) -> Int32 {
        cell.isEmpty ? CategoricalColumn.missing : interners[slot].code(of: cell, encoding: encoding)
    }

    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = cell.count
        while lower < upper, cell[lower] == 0x20 || cell[lower] == 0x09 { lower += 1 }
        while upper > lower, cell[upper - 1] == 0x20 || cell[upper - 1] == 0x09 { upper -= 1 }
        return UnsafeBufferPointer(rebasing: cell[lower..<upper])
    }
}
