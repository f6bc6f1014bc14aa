/// Checks one record at a time and appends the accepted ones to columns. Kept apart from
/// `SurveyReader` so the per-row hot path is one small loop over the needed columns: their
/// roles are plain flags read per cell, their cells go through `ColumnBuffers`' pointers,
/// and ids are checked for re-submissions through `IDTable`, so no reference is counted and
/// no `String` is hashed per cell.
struct RowAccumulator {
    /// What is known of one kept column: plain values, so reading one per cell copies
    /// nothing that is reference counted.
    struct Column {
        let index: Int
        let keepsCodes: Bool
        let keepsNumbers: Bool
        let isDesignID: Bool
        let isWeight: Bool
        let isFPC: Bool
        let isReplicateWeight: Bool
        /// Where its codes and numbers go in `ColumnBuffers` (−1 when it keeps none).
        let codeSlot: Int
        let numberSlot: Int
    }

    let idIndex: Int?
    let fieldCount: Int
    /// Fields up to the header's last named column: rows may add or drop empty fields after
    /// it (spreadsheets leave trailing empty columns) without being broken.
    let usedFieldCount: Int
    let decimalComma: Bool
    let names: [String]
    let columns: [Column]
    private var interners: [ValueInterner]
    private let buffers: ColumnBuffers
    private var idTable = IDTable()
    var result = IngestResult()
    /// Parsed numbers of the current row, by number slot, reused across rows.
    private var rowNumbers: [Double]

    init(
        idIndex: Int?, fieldCount: Int, usedFieldCount: Int? = nil, columns: [(name: String, index: Int, roles: [TableReader.Role])],
        decimalComma: Bool = false
    ) {
        self.idIndex = idIndex
        self.fieldCount = fieldCount
        self.usedFieldCount = usedFieldCount ?? fieldCount
        self.decimalComma = decimalComma
        names = columns.map(\.name)
        var codeSlots = 0
        var numberSlots = 0
        self.columns = columns.map { column in
            let roles = column.roles
            let isDesignID = roles.contains(.designID)
            let isWeight = roles.contains(.weight)
            let isFPC = roles.contains(.fpc)
            let isReplicateWeight = roles.contains(.replicateWeight)
            let keepsCodes = roles.contains(.categorical) || isDesignID
            let keepsNumbers = roles.contains(.numeric) || isWeight || isFPC || isReplicateWeight
            defer {
                if keepsCodes { codeSlots += 1 }
                if keepsNumbers { numberSlots += 1 }
            }
            return Column(
                index: column.index, keepsCodes: keepsCodes, keepsNumbers: keepsNumbers, isDesignID: isDesignID, isWeight: isWeight, isFPC: isFPC,
                isReplicateWeight: isReplicateWeight, codeSlot: keepsCodes ? codeSlots : -1, numberSlot: keepsNumbers ? numberSlots : -1)
        }
        interners = Array(repeating: ValueInterner(), count: codeSlots)
        buffers = ColumnBuffers(codeColumns: codeSlots, numberColumns: numberSlots)
        rowNumbers = [Double](repeating: .nan, count: numberSlots)
    }

    /// Reserves room for about `rows` rows, so columns and the id index grow once.
    mutating func reserve(rows: Int) {
        idTable = IDTable(capacity: rows)
        result.table.ids.reserveCapacity(rows)
        result.table.lines.reserveCapacity(rows)
        buffers.reserve(rows: rows)
    }

    mutating func add(record info: CSVReader.RecordInfo, reader: CSVReader) {
        result.rowsRead += 1
        let fields = reader.fields
        let encoding = reader.dialect.encoding
        reader.withBytes { bytes in
            func quarantine(_ kind: QuarantinedRow.Kind, _ reason: String) {
                result.quarantine.append(QuarantinedRow(line: info.line, kind: kind, reason: reason, raw: Array(bytes[info.raw])))
            }
            func cell(_ field: CSVReader.Field) -> UnsafeBufferPointer<UInt8> {
                trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
            }
            // Rows may differ from the header only by empty fields after its last named column.
            guard fields.count == fieldCount
                || (fields.count >= usedFieldCount && fields[usedFieldCount...].allSatisfy { $0.start == $0.end })
            else {
                quarantine(.fieldCount, "wrong number of fields: expected \(fieldCount), found \(fields.count)")
                return
            }
            if let malformed = info.malformedField {
                quarantine(.malformedQuoting, "malformed quoting in field \(malformed + 1)")
                return
            }
            let id: String
            if let idIndex {
                let field = fields[idIndex]
                id = field.hasEscapedQuotes ? reader.string(of: field).trimmingCharacters(in: .whitespaces) : encoding.decode(cell(field))
            } else {
                id = String(info.line)
            }
            guard !id.isEmpty else {
                quarantine(.missingID, "missing respondent id")
                return
            }
            // Validate the design values before anything of the row is kept.
            for column in columns where column.keepsNumbers || column.isDesignID {
                let field = fields[column.index]
                let text = cell(field)
                if column.isDesignID && text.isEmpty {
                    quarantine(.missingDesignValue, "missing design value in column \"\(name(of: column))\"")
                    return
                }
                guard column.keepsNumbers else { continue }
                let number = field.hasEscapedQuotes ? nil : NumberParser.parse(text, decimalComma: decimalComma)
                rowNumbers[column.numberSlot] = number ?? .nan
                if column.isWeight || column.isReplicateWeight {
                    guard let number, number.isFinite, number >= 0 else {
                        let kind = column.isWeight ? "weight" : "replicate weight"
                        let name = name(of: column)
                        quarantine(.unusableWeight, text.isEmpty ? "missing \(kind) in column \"\(name)\"" : "unusable \(kind) \"\(String(decoding: text, as: UTF8.self))\" in column \"\(name)\": weights must be numbers ≥ 0")
                        return
                    }
                }
                if column.isFPC {
                    guard let number, number.isFinite, number > 0 else {
                        quarantine(.unusableFPC, "unusable fpc \"\(String(decoding: text, as: UTF8.self))\" in column \"\(name(of: column))\": a population size ≥ 1 or a sampling fraction in (0, 1) is needed")
                        return
                    }
                }
            }
            let hash = IDTable.hash(id)
            if let first = idTable.row(of: id, hash: hash, isSame: { result.table.ids[Int($0)] == id }) {
                quarantine(.duplicateID, "duplicate respondent id \"\(id)\" (first on line \(result.table.lines[Int(first)]))")
                return
            }
            let row = buffers.appendRow()
            idTable.insert(hash: hash, row: Int32(row))
            result.table.ids.append(id)
            result.table.lines.append(Int32(info.line))
            let codes = buffers.codes
            let numbers = buffers.numbers
            for column in columns {
                let field = fields[column.index]
                if column.keepsNumbers {
                    let number = rowNumbers[column.numberSlot]
                    numbers[column.numberSlot][row] = number
                    if number.isNaN, !cell(field).isEmpty {
                        let text = reader.string(of: field)
                        result.findings.append(Finding(
                            line: info.line, column: name(of: column), value: text, rule: .notANumber,
                            message: "\"\(text)\" is not a number; treated as missing"))
                    }
                }
                if column.keepsCodes {
                    let code: Int32
                    if field.hasEscapedQuotes {
                        let unescaped = reader.bytes(of: field)
                        code = unescaped.withUnsafeBufferPointer { encode(trimmed($0), slot: column.codeSlot, encoding: encoding) }
                    } else {
                        code = encode(cell(field), slot: column.codeSlot, encoding: encoding)
                    }
                    codes[column.codeSlot][row] = code
                }
            }
        }
    }

    /// A column's name, for messages: looked up when one is written, not carried per cell
    /// (each header position serves one kept column).
    private func name(of column: Column) -> String {
        names[columns.firstIndex { $0.index == column.index }!]
    }

    private mutating func encode(_ cell: UnsafeBufferPointer<UInt8>, slot: Int, encoding: TextEncoding) -> Int32 {
        cell.isEmpty ? CategoricalColumn.missing : interners[slot].code(of: cell, encoding: encoding)
    }

    private func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = cell.count
        while lower < upper, cell[lower] == 0x20 || cell[lower] == 0x09 { lower += 1 }
        while upper > lower, cell[upper - 1] == 0x20 || cell[upper - 1] == 0x09 { upper -= 1 }
        return UnsafeBufferPointer(rebasing: cell[lower..<upper])
    }

    consuming func finish() -> IngestResult {
        for (position, column) in columns.enumerated() {
            if column.keepsCodes {
                result.table.categorical[names[position]] = CategoricalColumn(levels: interners[column.codeSlot].levels, codes: buffers.codeColumn(column.codeSlot))
            }
            if column.keepsNumbers {
                result.table.numeric[names[position]] = NumericColumn(values: buffers.numberColumn(column.numberSlot))
            }
        }
        return result
    }
}
