import Foundation

/// Turns the records of a CSV file into the accepted rows' columns, on every core: each core
/// parses a share of the buffer and its `RecordChecker` checks rows and converts cells as they
/// are parsed (or, when the buffer cannot be shared, the records of one batch are split
/// between the checkers); then, in file order, a row whose id was seen before is quarantined
/// as a re-submission and the others are appended, their codes mapped to the file's. The
/// result is the one reading row by row gives: the same rows, codes in order of first
/// appearance, quarantine and findings in file order.
struct RowAccumulator {
    /// What is known of one kept column: plain values, so reading one per cell copies
    /// nothing that is reference counted.
    struct Column: Sendable {
        let index: Int
        let keepsCodes: Bool
        let keepsNumbers: Bool
        let isDesignID: Bool
        let isWeight: Bool
        let isFPC: Bool
        let isReplicateWeight: Bool
        /// Where its codes and numbers go in a row of `RecordChecker` (−1 when it keeps none).
        let codeSlot: Int
        let numberSlot: Int
    }

    /// The kept columns and the shape of a good row, shared by the checkers.
    struct Layout: Sendable {
        let idIndex: Int?
        let fieldCount: Int
        /// Fields up to the header's last named column: rows may add or drop empty fields
        /// after it (spreadsheets leave trailing empty columns) without being broken.
        let usedFieldCount: Int
        let decimalComma: Bool
        let names: [String]
        let columns: [Column]
        let codeSlots: Int
        let numberSlots: Int

        /// A column's name, for messages: looked up when one is written, not carried per
        /// cell (each header position serves one kept column).
        func name(of column: Column) -> String {
            names[columns.firstIndex { $0.index == column.index }!]
        }
    }

    /// How a batch is shared between cores.
    struct Parallelism: Sendable {
        var cores = ProcessInfo.processInfo.activeProcessorCount
        /// Batches smaller than this are checked on one core: splitting costs more than it saves.
        var smallestSplit = 256
        /// A buffer is parsed in shares of at least this many bytes, one per core.
        var smallestShare = 1 << 16
    }

    /// How many shares a buffer is parsed in: one per checker.
    var shares: Int { checkers.count }

    let layout: Layout
    let parallelism: Parallelism
    private var checkers: [RecordChecker]
    /// The accepted rows' cells, by code and number slot: appended a batch at a time.
    private var codeColumns: [CategoricalCodes]
    private var numberColumns: [[Double]]
    private var idTable = IDTable()
    /// The file's codes: levels by code slot, and each level's code.
    private var levels: [[String]]
    private var levelCodes: [[String: Int32]]
    /// Checker c's local code → the file's code, by code slot (−1 until first kept).
    private var localToFile: [[[Int32]]]
    /// The rows of the checker being kept that are not re-submissions, reused.
    private var keptRows: [Int] = []
    var result = IngestResult()

    init(
        idIndex: Int?, fieldCount: Int, usedFieldCount: Int? = nil, columns: [(name: String, index: Int, roles: [TableReader.Role])],
        decimalComma: Bool = false, parallelism: Parallelism = Parallelism()
    ) {
        self.parallelism = parallelism
        var codeSlots = 0
        var numberSlots = 0
        let kept = columns.map { column in
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
        layout = Layout(
            idIndex: idIndex, fieldCount: fieldCount, usedFieldCount: usedFieldCount ?? fieldCount, decimalComma: decimalComma,
            names: columns.map(\.name), columns: kept, codeSlots: codeSlots, numberSlots: numberSlots)
        let layout = layout
        checkers = (0..<max(1, min(parallelism.cores, 8))).map { _ in RecordChecker(layout: layout) }
        codeColumns = Array(repeating: CategoricalCodes(), count: codeSlots)
        numberColumns = Array(repeating: [], count: numberSlots)
        levels = Array(repeating: [], count: codeSlots)
        levelCodes = Array(repeating: [:], count: codeSlots)
        localToFile = Array(repeating: Array(repeating: [], count: codeSlots), count: checkers.count)
    }

    /// Reserves room for about `rows` rows, so columns and the id index grow once.
    mutating func reserve(rows: Int) {
        // Rows named by their line need no id table: 32 MiB zeroed at a million rows,
        // a page fault for every 4 KiB of it on one core.
        if layout.idIndex != nil {
            idTable = IDTable(capacity: rows)
            result.table.ids.reserveCapacity(rows)
        }
        result.table.lines.reserveCapacity(rows)
        for slot in codeColumns.indices { codeColumns[slot].reserveCapacity(rows) }
        for slot in numberColumns.indices { numberColumns[slot].reserveCapacity(rows) }
    }

    /// Reads every record of `reader`. Each buffer is cut in one share per core, and each
    /// core parses its share and checks every record as soon as it is parsed, while its
    /// fields are in cache; then the shares' rows are kept in file order. When the cut was a
    /// bad guess (a quoted line break at a cut) the buffer is parsed again in one share,
    /// its records checked on all cores.
    mutating func read(_ reader: CSVReader, fileSize: Int) throws {
        var batch = CSVReader.RecordBatch()
        var reserved = false
        func reserveOnce(rows: Int, bytes: Int) {
            guard !reserved, rows > 0 else { return }
            reserved = true
            // The rows of the file, estimated from its size and the first rows, with some slack.
            reserve(rows: min(fileSize / max(bytes / rows, 1) * 11 / 10 + 16, 50_000_000))
        }
        while true {
            if let shares = try reader.nextShares(checkers.count, smallestShare: parallelism.smallestShare) {
                let encoding = reader.dialect.encoding
                let kept: Bool = reader.withBytes { bytes in
                    let outcomes = checkShares(shares, bytes: bytes, encoding: encoding)
                    guard CSVReader.ShareOutcome.agree(outcomes, of: shares) else { return false }
                    reserveOnce(rows: checkers[0].rowsRead, bytes: outcomes[0].stop - shares.bounds[0])
                    let firstLines = reader.consume(shares, outcomes: outcomes)
                    for index in outcomes.indices {
                        checkers[index].shiftLines(by: firstLines[index])
                        keep(checker: index, bytes: bytes)
                    }
                    return true
                }
                if kept { continue }
            }
            guard try reader.nextBatch(into: &batch) else { return }
            reserveOnce(rows: batch.count, bytes: batch.records.reduce(0) { $0 + $1.raw.count + 1 })
            add(batch, reader: reader)
        }
    }

    /// Share i parsed and checked by checker i, on its own core.
    private mutating func checkShares(_ shares: CSVReader.Shares, bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> [CSVReader.ShareOutcome] {
        var outcomes = [CSVReader.ShareOutcome](repeating: .init(), count: shares.count)
        // Each core writes only its own checker and outcome, and reads the buffer, which does
        // not move until all are done.
        nonisolated(unsafe) let bytes = bytes
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            checkers.withUnsafeMutableBufferPointer { checkers in
                nonisolated(unsafe) let checkers = checkers
                nonisolated(unsafe) let outcomes = outcomes
                DispatchQueue.concurrentPerform(iterations: shares.count) { index in
                    Self.withMovedChecker(at: checkers.baseAddress! + index) { checker in
                        checker.removeAll()
                        checker.encoding = encoding
                        var fields: [CSVReader.Field] = []
                        fields.reserveCapacity(64)
                        outcomes[index] = CSVReader.parse(share: index, of: shares, in: bytes, fields: &fields, into: &checker)
                    }
                }
            }
        }
        return outcomes
    }

    /// Runs `body` on the checker at `slot` moved to the calling thread's stack, and moves it
    /// back: checkers lie side by side in their array, and a core counting its rows there
    /// would write the cache line the other core reads its checker's fields from, at every
    /// record (a fifth of the fast path's time went to such reads). A move, not a copy: its
    /// arrays stay uniquely referenced, so appending copies none.
    private static func withMovedChecker(at slot: UnsafeMutablePointer<RecordChecker>, _ body: (inout RecordChecker) -> Void) {
        var checker = slot.move()
        body(&checker)
        slot.initialize(to: checker)
    }

    /// Checks a batch on all cores (its records split between the checkers), then keeps its
    /// rows in file order.
    mutating func add(_ batch: CSVReader.RecordBatch, reader: CSVReader) {
        let shares = batch.count < max(parallelism.smallestSplit, 2) ? 1 : checkers.count
        let size = (batch.count + shares - 1) / shares
        check((0..<shares).map { (batch, $0 * size..<min(batch.count, ($0 + 1) * size)) }, reader: reader)
    }

    /// Job j's records go to checker j, all at once; then each checker's rows are kept, in
    /// job order (the order of the file).
    private mutating func check(_ jobs: [(batch: CSVReader.RecordBatch, records: Range<Int>)], reader: CSVReader) {
        let encoding = reader.dialect.encoding
        reader.withBytes { bytes in
            // The buffer is only read while the checkers run, each on its own job and its own
            // checker; the reader is not moved until they are done.
            nonisolated(unsafe) let bytes = bytes
            let jobs = jobs
            checkers.withUnsafeMutableBufferPointer { checkers in
                nonisolated(unsafe) let checkers = checkers
                let work: @Sendable (Int) -> Void = { index in
                    Self.withMovedChecker(at: checkers.baseAddress! + index) { checker in
                        checker.removeAll()
                        checker.check(jobs[index].records, of: jobs[index].batch, bytes: bytes, encoding: encoding)
                    }
                }
                if jobs.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: jobs.count, execute: work) }
            }
            for index in jobs.indices { keep(checker: index, bytes: bytes) }
        }
    }

    /// Appends checker `number`'s rows in order, but those whose id an earlier row has; then
    /// their cells, a column at a time, the columns shared between the cores.
    private mutating func keep(checker number: Int, bytes: UnsafeBufferPointer<UInt8>) {
        let checker = checkers[number]
        result.rowsRead += checker.rowsRead
        result.quarantine += checker.quarantine
        keptRows.removeAll(keepingCapacity: true)
        var nextFinding = 0
        // The id table's slots are asked for a block of rows ahead of their lookups.
        let block = 16
        let hashes = checker.hashes
        // Rows named by their line (`integra estimate`) are named by `lines`: no line comes
        // twice, so none is a re-submission.
        let namedByLine = layout.idIndex == nil
        if !namedByLine { idTable.prefetch(hashes: hashes[0..<min(block, hashes.count)]) }
        for row in checker.lines.indices {
            let line = checker.lines[row]
            var isKept = true
            if !namedByLine {
                if row % block == 0, row + block < hashes.count { idTable.prefetch(hashes: hashes[(row + block)..<min(row + 2 * block, hashes.count)]) }
                let id = checker.ids[row]
                if let first = idTable.firstRow(withHash: hashes[row], isSame: { result.table.ids[Int($0)] == id }, orInsert: Int32(result.table.ids.count)) {
                    result.quarantine.append(QuarantinedRow(
                        line: Int(line), kind: .duplicateID, reason: "duplicate respondent id \"\(id)\" (first on line \(result.table.lines[Int(first)]))",
                        raw: Array(bytes[checker.raw[row]])))
                    isKept = false
                } else {
                    result.table.ids.append(id)
                }
            }
            if isKept {
                result.table.lines.append(line)
                keptRows.append(row)
            }
            while nextFinding < checker.findings.count, checker.findings[nextFinding].row == row {
                if isKept { result.findings.append(checker.findings[nextFinding].finding) }
                nextFinding += 1
            }
        }
        guard !keptRows.isEmpty else { return }
        let layout = layout
        let keptRows = keptRows
        let slots = layout.numberSlots + layout.codeSlots
        let shares = keptRows.count < parallelism.smallestSplit ? 1 : max(1, min(parallelism.cores, slots))
        // Each slot is its own column, levels and code map: the cores share them out.
        numberColumns.withUnsafeMutableBufferPointer { numberColumns in
            codeColumns.withUnsafeMutableBufferPointer { codeColumns in
                levels.withUnsafeMutableBufferPointer { levels in
                    levelCodes.withUnsafeMutableBufferPointer { levelCodes in
                        localToFile[number].withUnsafeMutableBufferPointer { localToFile in
                            nonisolated(unsafe) let columns = (numberColumns, codeColumns, levels, levelCodes, localToFile)
                            let work: @Sendable (Int) -> Void = { share in
                                for slot in stride(from: share, to: slots, by: shares) {
                                    if slot < layout.numberSlots {
                                        Self.keepNumbers(slot: slot, of: checker, rows: keptRows, into: &columns.0[slot])
                                    } else {
                                        let slot = slot - layout.numberSlots
                                        Self.keepCodes(
                                            slot: slot, of: checker, rows: keptRows, into: &columns.1[slot], levels: &columns.2[slot], levelCodes: &columns.3[slot],
                                            localToFile: &columns.4[slot])
                                    }
                                }
                            }
                            if shares == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: shares, execute: work) }
                        }
                    }
                }
            }
        }
    }

    private static func keepNumbers(slot: Int, of checker: RecordChecker, rows: [Int], into column: inout [Double]) {
        let source = checker.numbers.column(slot, count: checker.rowCount)
        // All rows kept (no re-submission among them): the slot's cells in one copy.
        guard rows.count < source.count else { return column.append(contentsOf: source) }
        // Gathered into an array made at its size, then appended in one copy: appending
        // `repeatElement` went a byte at a time through the generic path.
        let gathered = [Double](unsafeUninitializedCapacity: rows.count) { target, count in
            for (offset, row) in rows.enumerated() { target[offset] = source[row] }
            count = rows.count
        }
        column.append(contentsOf: gathered)
    }

    /// Appends the slot's codes of `rows`, mapped to the file's codes: a level kept for the
    /// first time gets the file's next code, so codes follow the order of first appearance.
    private static func keepCodes(
        slot: Int, of checker: RecordChecker, rows: [Int], into column: inout CategoricalCodes, levels: inout [String], levelCodes: inout [String: Int32],
        localToFile map: inout [Int32]
    ) {
        let source = checker.codes.column(slot, count: checker.rowCount)
        let known = checker.interners[slot].levels.count
        if map.count < known { map += Array(repeating: -1, count: known - map.count) }
        let allKept = rows.count == source.count
        var kept = [Int32](repeating: CategoricalColumn.missing, count: rows.count)
        map.withUnsafeMutableBufferPointer { map in
            kept.withUnsafeMutableBufferPointer { kept in
                for offset in 0..<kept.count {
                    let local = source[allKept ? offset : rows[offset]]
                    guard local != CategoricalColumn.missing else { continue }
                    var code = map[Int(local)]
                    if code < 0 {
                        let text = checker.interners[slot].levels[Int(local)]
                        if let existing = levelCodes[text] {
                            code = existing
                        } else {
                            code = Int32(levels.count)
                            levels.append(text)
                            levelCodes[text] = code
                        }
                        map[Int(local)] = code
                    }
                    kept[offset] = code
                }
            }
        }
        kept.withUnsafeBufferPointer { column.append(contentsOf: $0) }
    }

    consuming func finish() -> IngestResult {
        result.table.idsAreLines = layout.idIndex == nil
        // Re-submissions were found after their checkers' own quarantine: file order again.
        result.quarantine.sort { $0.line < $1.line }
        for (position, column) in layout.columns.enumerated() {
            if column.keepsCodes {
                result.table.categorical[layout.names[position]] = CategoricalColumn(levels: levels[column.codeSlot], codes: codeColumns[column.codeSlot])
            }
            if column.keepsNumbers {
                result.table.numeric[layout.names[position]] = NumericColumn(values: numberColumns[column.numberSlot])
            }
        }
        return result
    }
}
