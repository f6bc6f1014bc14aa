/// Checks one record at a time and appends the accepted ones to columns. Kept apart from
/// `SurveyReader` so the per-row hot path is one small loop over the needed columns.
struct RowAccumulator {
    struct Column {
        var name: String
        var index: Int
        var interner: ValueInterner
        var codes: [Int32] = []
        var numbers: [Double] = []
        // The roles as flags, read once per cell on the hot path.
        let keepsCodes: Bool
        let keepsNumbers: Bool
        let isDesignID: Bool
        let isWeight: Bool
        let isFPC: Bool
        let isReplicateWeight: Bool

        init(name: String, index: Int, roles: [TableReader.Role]) {
            self.name = name
            self.index = index
            interner = ValueInterner()
            isDesignID = roles.contains(.designID)
            isWeight = roles.contains(.weight)
            isFPC = roles.contains(.fpc)
            isReplicateWeight = roles.contains(.replicateWeight)
            keepsCodes = roles.contains(.categorical) || isDesignID
            keepsNumbers = roles.contains(.numeric) || isWeight || isFPC || isReplicateWeight
        }
    }

    let idIndex: Int?
    let fieldCount: Int
    /// Fields up to the header's last named column: rows may add or drop empty fields after
    /// it (spreadsheets leave trailing empty columns) without being broken.
    let usedFieldCount: Int
    let decimalComma: Bool
    var columns: [Column]
    var result = IngestResult()
    private var firstLineOfID: [String: Int32] = [:]
    /// Parsed numbers of the current row, by column position, reused across rows.
    private var rowNumbers: [Double]

    init(
        idIndex: Int?, fieldCount: Int, usedFieldCount: Int? = nil, columns: [(name: String, index: Int, roles: [TableReader.Role])],
        decimalComma: Bool = false
    ) {
        self.idIndex = idIndex
        self.fieldCount = fieldCount
        self.usedFieldCount = usedFieldCount ?? fieldCount
        self.decimalComma = decimalComma
        self.columns = columns.map { Column(name: $0.name, index: $0.index, roles: $0.roles) }
        self.rowNumbers = [Double](repeating: .nan, count: columns.count)
    }

    /// Reserves room for about `rows` rows, so columns and the id index grow once.
    mutating func reserve(rows: Int) {
        firstLineOfID.reserveCapacity(rows)
        result.table.ids.reserveCapacity(rows)
        result.table.lines.reserveCapacity(rows)
        for index in columns.indices {
            if columns[index].keepsCodes { columns[index].codes.reserveCapacity(rows) }
            if columns[index].keepsNumbers { columns[index].numbers.reserveCapacity(rows) }
        }
    }

    mutating func add(record info: CSVReader.RecordInfo, reader: CSVReader) {
        result.rowsRead += 1
        let fields = reader.fields
        reader.withBytes { bytes in
            func quarantine(_ kind: QuarantinedRow.Kind, _ reason: String) {
                result.quarantine.append(QuarantinedRow(line: info.line, kind: kind, reason: reason, raw: Array(bytes[info.raw])))
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
                id = field.hasEscapedQuotes
                    ? reader.string(of: field).trimmingCharacters(in: .whitespaces)
                    : reader.dialect.encoding.decode(trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])))
            } else {
                id = String(info.line)
            }
            guard !id.isEmpty else {
                quarantine(.missingID, "missing respondent id")
                return
            }
            // Validate the design values before anything of the row is kept.
            for position in columns.indices {
                let column = columns[position]
                guard column.keepsNumbers || column.isDesignID else { continue }
                let field = fields[column.index]
                let cell = trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
                if column.isDesignID && cell.isEmpty {
                    quarantine(.missingDesignValue, "missing design value in column \"\(column.name)\"")
                    return
                }
                guard column.keepsNumbers else { continue }
                let number = field.hasEscapedQuotes ? nil : NumberParser.parse(cell, decimalComma: decimalComma)
                rowNumbers[position] = number ?? .nan
                if column.isWeight || column.isReplicateWeight {
                    guard let number, number.isFinite, number >= 0 else {
                        let kind = column.isWeight ? "weight" : "replicate weight"
                        quarantine(.unusableWeight, cell.isEmpty ? "missing \(kind) in column \"\(column.name)\"" : "unusable \(kind) \"\(String(decoding: cell, as: UTF8.self))\" in column \"\(column.name)\": weights must be numbers ≥ 0")
                        return
                    }
                }
                if column.isFPC {
                    guard let number, number.isFinite, number > 0 else {
                        quarantine(.unusableFPC, "unusable fpc \"\(String(decoding: cell, as: UTF8.self))\" in column \"\(column.name)\": a population size ≥ 1 or a sampling fraction in (0, 1) is needed")
                        return
                    }
                }
            }
            if let first = firstLineOfID[id] {
                quarantine(.duplicateID, "duplicate respondent id \"\(id)\" (first on line \(first))")
                return
            }
            firstLineOfID[id] = Int32(info.line)
            result.table.ids.append(id)
            result.table.lines.append(Int32(info.line))
            for position in columns.indices {
                let field = fields[columns[position].index]
                if columns[position].keepsNumbers {
                    let number = rowNumbers[position]
                    columns[position].numbers.append(number)
                    if number.isNaN {
                        let cell = trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
                        if !cell.isEmpty {
                            let text = reader.string(of: field)
                            result.findings.append(Finding(
                                line: info.line, column: columns[position].name, value: text, rule: .notANumber,
                                message: "\"\(text)\" is not a number; treated as missing"))
                        }
                    }
                }
                if columns[position].keepsCodes {
                    let code: Int32
                    if field.hasEscapedQuotes {
                        let unescaped = reader.bytes(of: field)
                        code = unescaped.withUnsafeBufferPointer { encode(trimmed($0), position: position, encoding: reader.dialect.encoding) }
                    } else {
                        code = encode(trimmed(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])), position: position, encoding: reader.dialect.encoding)
                    }
                    columns[position].codes.append(code)
                }
            }
        }
    }

    private mutating func encode(_ cell: UnsafeBufferPointer<UInt8>, position: Int, encoding: TextEncoding) -> Int32 {
        cell.isEmpty ? CategoricalColumn.missing : columns[position].interner.code(of: cell, encoding: encoding)
    }

    private func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = cell.count
        while lower < upper, cell[lower] == 0x20 || cell[lower] == 0x09 { lower += 1 }
        while upper > lower, cell[upper - 1] == 0x20 || cell[upper - 1] == 0x09 { upper -= 1 }
        return UnsafeBufferPointer(rebasing: cell[lower..<upper])
    }

    consuming func finish() -> IngestResult {
        for column in columns {
            if column.keepsCodes {
                result.table.categorical[column.name] = CategoricalColumn(levels: column.interner.levels, codes: column.codes)
            }
            if column.keepsNumbers {
                result.table.numeric[column.name] = NumericColumn(values: column.numbers)
            }
        }
        return result
    }
}
