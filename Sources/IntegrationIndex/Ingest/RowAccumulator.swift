import Foundation

/// Turns the records of a CSV file into the accepted rows' columns, on every core: the cores
/// parse the buffer's shares, and each share's `RecordChecker` checks rows and converts cells
/// as they are parsed (or, when the buffer cannot be shared, the records of one batch are
/// split between the checkers); then, in file order, a row whose id was seen before is
/// quarantined as a re-submission and the others are appended, their codes mapped to the
/// file's. The result is the one reading row by row gives: the same rows, codes in order of
/// first appearance, quarantine and findings in file order.
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
        /// A buffer is parsed in shares of at least this many bytes, one per checker.
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
        // Two per core: each checker's ids are looked up on one core while the columns of the
        // checker before it are appended on the others (`keep(checkers:bytes:)`); only a
        // buffer's first checker has none before it. With one checker per core, half the ids
        // were looked up with the other core idle.
        checkers = (0..<max(1, min(2 * parallelism.cores, 8))).map { _ in RecordChecker(layout: layout) }
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
        HugePages.reserve(&result.table.lines, count: rows)
        for slot in codeColumns.indices { codeColumns[slot].reserveCapacity(rows) }
        for slot in numberColumns.indices { HugePages.reserve(&numberColumns[slot], count: rows) }
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
                    for index in outcomes.indices { checkers[index].shiftLines(by: firstLines[index]) }
                    keep(checkers: outcomes.indices, bytes: bytes)
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
        // The last jobs may have no records (5 records in 4 jobs of 2).
        check((0..<shares).map { (batch, min(batch.count, $0 * size)..<min(batch.count, ($0 + 1) * size)) }, reader: reader)
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
            keep(checkers: jobs.indices, bytes: bytes)
        }
    }

    /// Keeps the rows of checkers `numbers`, in order. Each checker's ids are looked up in
    /// file order, on one core (`keepRows`); meanwhile the columns of the checker before it
    /// are appended on the other cores, a slot per job (`keepNumbers`, `keepCodes`): the id
    /// lookups, a tenth of ingest, no longer leave the other core idle. The two touch different state:
    /// the rows' ids, lines, quarantine and findings, and the columns, levels and code maps.
    private mutating func keep(checkers numbers: Range<Int>, bytes: UnsafeBufferPointer<UInt8>) {
        let slots = layout.numberSlots + layout.codeSlots
        // The rows' state is moved into a box for the turns, and back: a job on another core
        // writes it.
        let rows = RowsBeingKept(result: result, idTable: idTable)
        (result, idTable) = (IngestResult(), IDTable(capacity: 0))
        defer { (result, idTable) = (rows.result, rows.idTable) }
        var pending: (checker: Int, rows: [Int])?
        for turn in numbers.lowerBound...numbers.upperBound {
            let next = turn < numbers.upperBound ? turn : nil
            // Copied out: the checkers' array is not touched while they are read on other cores.
            let nextChecker = next.map { checkers[$0] }
            let layout = layout
            // Only read, and not moved until the jobs are done.
            nonisolated(unsafe) let bytes = bytes
            let keepNextRows: @Sendable () -> Void = {
                rows.kept = nextChecker.map { Self.keepRows(of: $0, layout: layout, bytes: bytes, result: &rows.result, idTable: &rows.idTable) } ?? []
            }
            let copying = pending.flatMap { pending in pending.rows.isEmpty ? nil : (checker: checkers[pending.checker], number: pending.checker, rows: pending.rows) }
            guard let copying else {
                keepNextRows()
                pending = next.map { ($0, rows.kept) }
                continue
            }
            let concurrent = copying.rows.count >= parallelism.smallestSplit && parallelism.cores > 1
            numberColumns.withUnsafeMutableBufferPointer { numberColumns in
                codeColumns.withUnsafeMutableBufferPointer { codeColumns in
                    levels.withUnsafeMutableBufferPointer { levels in
                        levelCodes.withUnsafeMutableBufferPointer { levelCodes in
                            localToFile[copying.number].withUnsafeMutableBufferPointer { localToFile in
                                // Each job writes its own slot's column, levels and code map, or
                                // (job 0) the rows' state: nothing is written by two.
                                nonisolated(unsafe) let columns = (numberColumns, codeColumns, levels, levelCodes, localToFile)
                                let work: @Sendable (Int) -> Void = { job in
                                    guard job > 0 else { return keepNextRows() }
                                    let slot = job - 1
                                    if slot < layout.numberSlots {
                                        Self.keepNumbers(slot: slot, of: copying.checker, rows: copying.rows, into: &columns.0[slot])
                                    } else {
                                        let slot = slot - layout.numberSlots
                                        Self.keepCodes(
                                            slot: slot, of: copying.checker, rows: copying.rows, into: &columns.1[slot], levels: &columns.2[slot],
                                            levelCodes: &columns.3[slot], localToFile: &columns.4[slot])
                                    }
                                }
                                if concurrent {
                                    DispatchQueue.concurrentPerform(iterations: slots + 1, execute: work)
                                } else {
                                    for job in 0...slots { work(job) }
                                }
                            }
                        }
                    }
                }
            }
            pending = next.map { ($0, rows.kept) }
        }
    }

    /// The rows' side of keeping (ids, lines, quarantine, findings, and the rows of the
    /// checker last kept), held apart from the columns while `keepRows` writes it on one core
    /// and the columns are appended on the others.
    private final class RowsBeingKept: @unchecked Sendable {
        var result: IngestResult
        var idTable: IDTable
        var kept: [Int] = []

        init(result: IngestResult, idTable: IDTable) {
            self.result = result
            self.idTable = idTable
        }
    }

    /// The rows' part of keeping a checker's rows: counts, quarantine, and the rows kept in
    /// order, but those whose id an earlier row has (quarantined as re-submissions), with
    /// their ids, lines and findings. Returns the checker's rows that are kept.
    private static func keepRows(
        of checker: RecordChecker, layout: Layout, bytes: UnsafeBufferPointer<UInt8>, result: inout IngestResult, idTable: inout IDTable
    ) -> [Int] {
        result.rowsRead += checker.rowsRead
        result.quarantine += checker.quarantine
        var keptRows: [Int] = []
        keptRows.reserveCapacity(checker.rowCount)
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
        return keptRows
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
    /// While the column's codes fit in a byte (nearly always), each is written in its byte as
    /// it is mapped, in one pass: mapping to four-byte codes first, then checking and
    /// narrowing them, took three passes and an array per share and slot.
    private static func keepCodes(
        slot: Int, of checker: RecordChecker, rows: [Int], into column: inout CategoricalCodes, levels: inout [String], levelCodes: inout [String: Int32],
        localToFile map: inout [Int32]
    ) {
        let source = checker.codes.column(slot, count: checker.rowCount)
        let known = checker.interners[slot].levels.count
        if map.count < known { map += Array(repeating: -1, count: known - map.count) }
        let allKept = rows.count == source.count
        /// The file's code of a local code met for the first time in a kept row.
        func fileCode(of local: Int32) -> Int32 {
            let text = checker.interners[slot].levels[Int(local)]
            if let existing = levelCodes[text] { return existing }
            let code = Int32(levels.count)
            levels.append(text)
            levelCodes[text] = code
            return code
        }
        let narrowed: Bool = column.isNarrow && map.withUnsafeMutableBufferPointer { map in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(rows.count, 1)) { kept in
                // Plain pointers held in registers through the loop.
                let map = map.baseAddress!, kept = kept.baseAddress!, source = source.baseAddress!
                /// The row's one-byte code; `nil` for a code past one byte (the column widens, below).
                @inline(__always) func narrowCode(_ local: Int32) -> UInt8? {
                    guard local != CategoricalColumn.missing else { return CategoricalCodes.narrowMissing }
                    var code = map[Int(local)]
                    if code < 0 {
                        code = fileCode(of: local)
                        map[Int(local)] = code
                    }
                    return code < Int32(CategoricalCodes.narrowMissing) ? UInt8(truncatingIfNeeded: code) : nil
                }
                if allKept {
                    for offset in 0..<rows.count {
                        guard let code = narrowCode(source[offset]) else { return false }
                        kept[offset] = code
                    }
                } else {
                    for (offset, row) in rows.enumerated() {
                        guard let code = narrowCode(source[row]) else { return false }
                        kept[offset] = code
                    }
                }
                column.append(narrow: UnsafeBufferPointer(start: kept, count: rows.count))
                return true
            }
        }
        guard !narrowed else { return }
        // Four-byte codes (the rows mapped before a code outgrew a byte map the same way again).
        var kept = [Int32](repeating: CategoricalColumn.missing, count: rows.count)
        map.withUnsafeMutableBufferPointer { map in
            kept.withUnsafeMutableBufferPointer { kept in
                for offset in 0..<kept.count {
                    let local = source[allKept ? offset : rows[offset]]
                    guard local != CategoricalColumn.missing else { continue }
                    var code = map[Int(local)]
                    if code < 0 {
                        code = fileCode(of: local)
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
