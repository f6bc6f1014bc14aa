import Foundation

/// The per-row work of ingest for a share of one batch of records, so that several can run
/// on different cores: it checks each record (field count, quoting, id, design values) and
/// turns the kept cells into codes and numbers, into buffers of its own. Which rows repeat an
/// earlier id can only be decided in file order, so that is left to `RowAccumulator`, which
/// takes the checked rows in order.
///
/// A class so that each core works on its own instance through a shared array; each is used by
/// one thread at a time (`RowAccumulator` hands them out and waits for all), hence
/// `@unchecked Sendable`.
final class RecordChecker: @unchecked Sendable {
    let layout: RowAccumulator.Layout
    /// Codes are local to this checker; `RowAccumulator` maps them to the file's.
    var interners: [ValueInterner]
    let buffers: ColumnBuffers
    /// The checked rows of the current batch, in order.
    var ids: [String] = []
    var hashes: [UInt64] = []
    var lines: [Int32] = []
    var raw: [Range<Int>] = []
    /// Findings about values of checked rows, with the row they belong to.
    var findings: [(row: Int, finding: Finding)] = []
    var quarantine: [QuarantinedRow] = []
    var rowsRead = 0
    /// Parsed numbers of the current row, by number slot, reused across rows.
    private var rowNumbers: [Double]

    init(layout: RowAccumulator.Layout) {
        self.layout = layout
        interners = Array(repeating: ValueInterner(), count: layout.codeSlots)
        buffers = ColumnBuffers(codeColumns: layout.codeSlots, numberColumns: layout.numberSlots)
        rowNumbers = [Double](repeating: .nan, count: layout.numberSlots)
    }

    /// Forgets the last batch's rows; the interners keep their codes.
    func removeAll() {
        buffers.removeAll()
        ids.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        findings.removeAll(keepingCapacity: true)
        quarantine.removeAll(keepingCapacity: true)
        rowsRead = 0
    }

    func check(_ records: Range<Int>, of batch: CSVReader.RecordBatch, bytes: UnsafeBufferPointer<UInt8>, reader: CSVReader) {
        for record in records { check(batch.records[record], fields: batch.fields(of: record), bytes: bytes, reader: reader) }
    }

    private func check(_ info: CSVReader.RecordInfo, fields: ArraySlice<CSVReader.Field>, bytes: UnsafeBufferPointer<UInt8>, reader: CSVReader) {
        rowsRead += 1
        let layout = layout
        let first = fields.startIndex
        func quarantine(_ kind: QuarantinedRow.Kind, _ reason: String) {
            self.quarantine.append(QuarantinedRow(line: info.line, kind: kind, reason: reason, raw: Array(bytes[info.raw])))
        }
        func cell(_ field: CSVReader.Field) -> UnsafeBufferPointer<UInt8> {
            Self.trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
        }
        // Rows may differ from the header only by empty fields after its last named column.
        guard fields.count == layout.fieldCount
            || (fields.count >= layout.usedFieldCount && fields[(first + layout.usedFieldCount)...].allSatisfy { $0.start == $0.end })
        else {
            quarantine(.fieldCount, "wrong number of fields: expected \(layout.fieldCount), found \(fields.count)")
            return
        }
        if let malformed = info.malformedField {
            quarantine(.malformedQuoting, "malformed quoting in field \(malformed + 1)")
            return
        }
        let encoding = reader.dialect.encoding
        let id: String
        if let idIndex = layout.idIndex {
            let field = fields[first + idIndex]
            id = field.hasEscapedQuotes ? reader.string(of: field).trimmingCharacters(in: .whitespaces) : encoding.decode(cell(field))
        } else {
            id = String(info.line)
        }
        guard !id.isEmpty else {
            quarantine(.missingID, "missing respondent id")
            return
        }
        // Validate the design values before anything of the row is kept.
        for column in layout.columns where column.keepsNumbers || column.isDesignID {
            let field = fields[first + column.index]
            let text = cell(field)
            if column.isDesignID && text.isEmpty {
                quarantine(.missingDesignValue, "missing design value in column \"\(layout.name(of: column))\"")
                return
            }
            guard column.keepsNumbers else { continue }
            let number = field.hasEscapedQuotes ? nil : NumberParser.parse(text, decimalComma: layout.decimalComma)
            rowNumbers[column.numberSlot] = number ?? .nan
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
        let row = buffers.appendRow()
        ids.append(id)
        hashes.append(IDTable.hash(id))
        lines.append(Int32(info.line))
        raw.append(info.raw)
        let codes = buffers.codes
        let numbers = buffers.numbers
        for column in layout.columns {
            let field = fields[first + column.index]
            if column.keepsNumbers {
                let number = rowNumbers[column.numberSlot]
                numbers[column.numberSlot][row] = number
                if number.isNaN, !cell(field).isEmpty {
                    let text = reader.string(of: field)
                    findings.append((row, Finding(
                        line: info.line, column: layout.name(of: column), value: text, rule: .notANumber,
                        message: "\"\(text)\" is not a number; treated as missing")))
                }
            }
            if column.keepsCodes {
                let code: Int32
                if field.hasEscapedQuotes {
                    let unescaped = reader.bytes(of: field)
                    code = unescaped.withUnsafeBufferPointer { encode(Self.trimmed($0), slot: column.codeSlot, encoding: encoding) }
                } else {
                    code = encode(cell(field), slot: column.codeSlot, encoding: encoding)
                }
                codes[column.codeSlot][row] = code
            }
        }
    }

    private func encode(_ cell: UnsafeBufferPointer<UInt8>, slot: Int, encoding: TextEncoding) -> Int32 {
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
