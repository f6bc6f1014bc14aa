import CStoreMemory
import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import IntegrationIndex
import Synchronization

/// The SQLite file that makes every run traceable: what was run, on which exact files, with
/// which counts, and everything it produced. One transaction per run, so a run that fails
/// while being written leaves nothing behind.
public struct ResultStore: Sendable {
    /// GRDB's queue serializes access; the store is shared by value.
    let database: DatabaseQueue

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        Self.sqliteMemory
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // A new store gets 64 KiB pages (an existing one keeps the size it was made with): a
        // run's respondent columns are tens of megabytes of text each, written as chains of
        // overflow pages, and 4 KiB pages made that a write call per 4 KiB.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 65536") }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    /// A store in memory, for tests.
    public init() throws {
        Self.sqliteMemory
        database = try DatabaseQueue()
        try Self.migrator.migrate(database)
    }

    /// SQLite's allocator keeps its largest freed block for the next large one: each
    /// respondent column is inserted as one record of up to tens of megabytes, which was a
    /// fresh mapping per column, every page of it faulted in (`CStoreMemory`). Set once, by
    /// the first store the process opens, before SQLite is used: every connection is made
    /// here, after it.
    private static let sqliteMemory: Void = { _ = integra_sqlite_keep_large_blocks() }()

    /// Writes a finished run and everything it produced; returns the run's id.
    @discardableResult
    public func record(_ run: StudyRun, metadata: RunMetadata) throws -> Int64 {
        try database.write { db in
            let record = try insertScored(ScoredRows(run), metadata: metadata, db: db)
            try Self.insertEstimation(run, runID: record.id!, db: db)
            return record.id!
        }
    }

    /// Writes a run in the one transaction `record(_:metadata:)` writes it in, begun from its
    /// scores: what they give (the respondent columns, a hundred megabytes at a million
    /// respondents, the findings and the quarantine) is written at once, and `finishing`
    /// is called for the rest, waiting as long as it takes the caller to make the estimates
    /// (on this thread: the caller goes on elsewhere). Its metadata replaces the first one,
    /// which was written before the run finished. An error of `finishing` rolls it all back.
    @discardableResult
    public func record(
        _ scored: ScoredRun, metadata: RunMetadata, finishing: () throws -> (run: StudyRun, metadata: RunMetadata)
    ) throws -> Int64 {
        let rows = ScoredRows(scored)
        return try database.write { db in
            let runID = try insertScored(rows, metadata: metadata, db: db).id!
            let (run, finalMetadata) = try finishing()
            var record = Self.runRecord(rows, metadata: finalMetadata)
            record.id = runID
            try record.update(db)
            try Self.insertEstimation(run, runID: runID, db: db)
            return runID
        }
    }

    /// What a run stores that its scores give, whether from a `ScoredRun` or a whole run.
    private struct ScoredRows {
        let ingest: IngestResult
        let findings: [Finding]
        let scores: RespondentScores
        let lagging: LaggingProfiles?
        let calibration: CalibrationSummary?
        let calibratedWeights: [Double]?

        init(_ run: ScoredRun) {
            (ingest, findings, scores, lagging, calibration, calibratedWeights) = (run.ingest, run.findings, run.scores, run.lagging, run.calibration, run.calibratedWeights)
        }

        init(_ run: StudyRun) {
            (ingest, findings, scores, lagging, calibration, calibratedWeights) = (run.ingest, run.findings, run.scores, run.lagging, run.calibration, run.calibratedWeights)
        }
    }

    /// A completed run's row: its metadata and counts, with no id yet.
    private static func runRecord(_ run: ScoredRows, metadata: RunMetadata) -> RunRecord {
        var record = RunRecord(metadata: metadata, status: .completed, message: nil)
        record.rowsRead = run.ingest.rowsRead
        record.rowsAccepted = run.ingest.rowsAccepted
        record.rowsQuarantined = run.ingest.rowsQuarantined
        record.findings = run.findings.count
        return record
    }

    /// The run's row, then every row its scores give; returns the run's row, with its id.
    private func insertScored(_ run: ScoredRows, metadata: RunMetadata, db: Database) throws -> RunRecord {
        var record = Self.runRecord(run, metadata: metadata)
        try record.insert(db)
        let runID = record.id!
        let writeback = FileWriteback(path: database.path)
        try Self.insertScores(run.scores, lagging: run.lagging, calibratedWeights: run.calibratedWeights, runID: runID, db: db)
        writeback.finish()
        integra_sqlite_release_kept_block()
        if let calibration = run.calibration { try Self.insertCalibration(calibration, runID: runID, db: db) }
        let finding = try db.makeStatement(sql: "INSERT INTO finding (runId, line, \"column\", value, rule, message) VALUES (?, ?, ?, ?, ?, ?)")
        for item in run.findings {
            try finding.execute(arguments: [runID, item.line, item.column, item.value, item.rule.rawValue, item.message])
        }
        let quarantined = try db.makeStatement(sql: "INSERT INTO quarantinedRow (runId, line, kind, reason, raw) VALUES (?, ?, ?, ?, ?)")
        for row in run.ingest.quarantine {
            try quarantined.execute(arguments: [runID, row.line, row.kind.rawValue, row.reason, String(decoding: row.raw, as: UTF8.self)])
        }
        let reliability = try db.makeStatement(sql: "INSERT INTO reliability (runId, dimension, items, alpha, n) VALUES (?, ?, ?, ?, ?)")
        for item in run.scores.reliability {
            try reliability.execute(arguments: [runID, item.dimension, item.items, item.alpha, item.n])
        }
        let correlation = try db.makeStatement(sql: "INSERT INTO dimensionCorrelation (runId, first, second, correlation, n) VALUES (?, ?, ?, ?, ?)")
        for item in run.scores.correlations {
            try correlation.execute(arguments: [runID, item.first, item.second, item.correlation, item.n])
        }
        let response = try db.makeStatement(
            sql: "INSERT INTO itemResponse (runId, \"column\", asked, missing, nonAnswers, meanScore) VALUES (?, ?, ?, ?, ?, ?)")
        for item in run.scores.itemResponse {
            try response.execute(arguments: [runID, item.column, item.asked, item.missing, item.nonAnswers, item.meanScore])
        }
        let byGroup = try db.makeStatement(sql: """
            INSERT INTO itemGroupResponse (runId, \"column\", groupVariable, groupValue, asked, missing, nonAnswers) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for item in run.scores.itemResponseByGroup {
            try byGroup.execute(arguments: [runID, item.column, item.groupKey, item.groupValue, item.asked, item.missing, item.nonAnswers])
        }
        return record
    }

    /// What the estimation gives: the estimates, the comparisons and the ranks.
    private static func insertEstimation(_ run: StudyRun, runID: Int64, db: Database) throws {
        try insertEstimates(run.estimates, runID: runID, db: db)
        let comparison = try db.makeStatement(sql: """
            INSERT INTO comparison (runId, indicator, groupVariable, groupValue, referenceValue, difference, se, df, significant, pValue, adjustedPValue)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for item in run.comparisons {
            try comparison.execute(arguments: [
                runID, item.indicator, item.groupKey, item.groupValue, item.referenceValue, item.difference.isFinite ? item.difference : nil,
                item.standardError.isFinite ? item.standardError : nil, item.degreesOfFreedom, item.isSignificant, item.pValue, item.adjustedPValue,
            ])
        }
        let rank = try db.makeStatement(
            sql: "INSERT INTO groupRank (runId, indicator, groupVariable, groupValue, rank, medianRank, low, high, ranked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for item in run.ranks {
            try rank.execute(arguments: [runID, item.indicator, item.groupKey, item.groupValue, item.rank, item.medianRank, item.low, item.high, item.ranked])
        }
    }

    /// Records a run that failed before producing results, with the reason.
    @discardableResult
    public func recordFailure(metadata: RunMetadata, message: String) throws -> Int64 {
        try database.write { db in
            var record = RunRecord(metadata: metadata, status: .failed, message: message)
            try record.insert(db)
            return record.id!
        }
    }

    /// Marks a stored run as failed, for a failure after its results were stored (such as
    /// an output file that could not be written).
    public func markFailed(runID: Int64, message: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE run SET status = ?, message = ? WHERE id = ?", arguments: [RunRecord.Status.failed.rawValue, message, runID])
        }
    }

    public func runs() throws -> [RunRecord] {
        try database.read { db in try RunRecord.order(Column("id")).fetchAll(db) }
    }

    public func estimates(runID: Int64) throws -> [EstimateRecord] {
        try database.read { db in
            try EstimateRecord.filter(Column("runId") == runID).order(Column("id")).fetchAll(db)
        }
    }

    /// Number of stored rows of a table for a run, for checks and listings.
    public func count(_ table: StoredTable, runID: Int64) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.rawValue) WHERE runId = ?", arguments: [runID]) ?? 0
        }
    }

    public enum StoredTable: String, Sendable {
        case respondentColumn, estimate, comparison, itemResponse, finding, quarantinedRow
    }

    /// The calibration summary; a margin's variables and a cell's values joined by `|`.
    private static func insertCalibration(_ summary: CalibrationSummary, runID: Int64, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO calibration (runId, method, iterations, gMin, gMax, trimmedCells, effectiveNBefore, effectiveNAfter,
                weightingEffectBefore, weightingEffectAfter, replicates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                runID, summary.method.rawValue, summary.iterations, summary.gRange.lowerBound, summary.gRange.upperBound, summary.trimmedCells,
                summary.effectiveNBefore, summary.effectiveNAfter, summary.weightingEffectBefore, summary.weightingEffectAfter, summary.replicatesCalibrated,
            ])
        let cell = try db.makeStatement(sql: """
            INSERT INTO calibrationCell (runId, margin, variables, source, cell, population, respondents, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (m, margin) in summary.margins.enumerated() {
            for item in margin.cells {
                try cell.execute(arguments: [
                    runID, m, margin.variables.joined(separator: "|"), margin.source, item.values.joined(separator: "|"), item.population, item.respondents,
                    item.before, item.after,
                ])
            }
        }
    }

    /// Respondent scores as columns (`RespondentColumns`): one row per column holding a JSON
    /// array aligned by respondent. A million respondents are a dozen rows of text rather
    /// than a million rows, and stay queryable with `json_each`.
    ///
    /// The columns' texts are written on a core of their own, into two buffers by turns,
    /// while this thread has SQLite insert the one before: at the end of a run the store is
    /// the last writer, and its formatting and SQLite's copying took turns on one core. The
    /// buffers are allocated, not filled: only the bytes a column writes become memory.
    private static func insertScores(
        _ scores: RespondentScores, lagging: LaggingProfiles?, calibratedWeights: [Double]?, runID: Int64, db: Database
    ) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO respondentColumn (runId, position, name, data) VALUES (?, ?, ?, ?)")
        let columns = RespondentColumns(scores: scores, lagging: lagging, calibratedWeights: calibratedWeights)
        let buffers = ColumnBuffers(room: columns.room)
        defer { buffers.deallocate() }
        let written = DispatchSemaphore(value: 0)
        // Both buffers free to begin with. Made at 0 and signalled: libdispatch traps when a
        // semaphore goes away below the value it was made with, as one may after an error.
        let free = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        free.forEach { $0.signal() }
        let lengths = Mutex([Int](repeating: 0, count: columns.names.count))
        let stopped = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue(label: "integra.store.columns").async {
            var numbers = DecimalTextCache()
            for index in columns.names.indices {
                free[index % 2].wait()
                if stopped.load(ordering: .relaxed) { break }
                let length = columns.write(index, at: buffers.start(index % 2), numbers: &numbers)
                precondition(length <= columns.room, "respondent column \(columns.names[index]) outgrew its room")
                lengths.withLock { $0[index] = length }
                written.signal()
            }
            finished.signal()
        }
        do {
            for (position, name) in columns.names.enumerated() {
                written.wait()
                let length = lengths.withLock { $0[position] }
                // The text bound straight from the buffer (SQLITE_STATIC: SQLite reads it while
                // the row is written and keeps no pointer after): a `String` of it would be
                // another copy of a column that may be tens of megabytes.
                statement.setUncheckedArguments([runID, position, name])
                let code = buffers.start(position % 2).withMemoryRebound(to: CChar.self, capacity: length) {
                    sqlite3_bind_text(statement.sqliteStatement, 4, $0, Int32(length), nil)
                }
                guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "could not bind respondent column \(name)") }
                try statement.execute()
                statement.setUncheckedArguments([])
                if position + 2 >= columns.names.count { buffers.release(position % 2) }
                free[position % 2].signal()
            }
        } catch {
            // The writer is let go (it stops at its next column) before its buffers are.
            stopped.store(true, ordering: .relaxed)
            free.forEach { $0.signal() }
            finished.wait()
            throw error
        }
        finished.wait()
    }

    /// The stored respondent scores of a run by column name (`id`, dimensions, `overall`).
    public func respondentColumns(runID: Int64) throws -> [String: String] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, data FROM respondentColumn WHERE runId = ? ORDER BY position", arguments: [runID])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as String, $0["data"] as String) })
        }
    }

    /// Estimates as published: a suppressed value is not stored either. Each row's values
    /// are `EstimateRecord`'s, bound straight to one prepared statement with SQLite's own
    /// calls: the record's `insert` (its values encoded through `Codable`) cost some 120,000
    /// instructions a row, two thirds of the store's at 200,000 respondents, and binding
    /// through `StatementArguments` still 40,000.
    private static func insertEstimates(_ estimates: [IndexEstimate], runID: Int64, db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO estimate (runId, indicator, statistic, groupVariable, groupValue, groupLabelEs, groupLabelEn, n, weightedN, estimate, se, df,
            ciLow, ciHigh, cv, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for estimate in estimates {
            let r = EstimateRecord(estimate, runID: runID)
            // No arguments of GRDB's, unchecked (its own check would count none of SQLite's).
            statement.setUncheckedArguments([])
            var row = RowBinding(statement.sqliteStatement)
            row.bind(r.runId)
            for text in [r.indicator, r.statistic, r.groupVariable, r.groupValue, r.groupLabelEs, r.groupLabelEn] { row.bind(text) }
            row.bind(Int64(r.n))
            for value in [r.weightedN, r.estimate, r.se] { row.bind(value) }
            row.bind(Int64(r.df))
            for value in [r.ciLow, r.ciHigh, r.cv] { row.bind(value) }
            row.bind(r.flag)
            if row.failure != SQLITE_OK {
                throw DatabaseError(resultCode: ResultCode(rawValue: row.failure), message: "could not bind estimate \(r.indicator) \(r.groupVariable) \(r.groupValue)")
            }
            try statement.execute()
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Shipped migrations are never edited: add a new one for every schema change.
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .text).notNull()
                t.column("finishedAt", .text).notNull()
                t.column("integraVersion", .text).notNull()
                t.column("status", .text).notNull()
                t.column("message", .text)
                t.column("studyPath", .text).notNull()
                t.column("studyTitle", .text).notNull()
                t.column("language", .text).notNull()
                t.column("instrumentName", .text).notNull()
                t.column("instrumentVersion", .text).notNull()
                t.column("instrumentSHA256", .text).notNull()
                t.column("dataPath", .text).notNull()
                t.column("dataSHA256", .text)
                t.column("studyJSON", .text).notNull()
                t.column("instrumentJSON", .text).notNull()
                t.column("rowsRead", .integer).notNull()
                t.column("rowsAccepted", .integer).notNull()
                t.column("rowsQuarantined", .integer).notNull()
                t.column("findings", .integer).notNull()
            }
            try db.create(table: "respondentColumn") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("data", .text).notNull()
                t.primaryKey(["runId", "position"])
            }
            try db.create(table: "estimate") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("indicator", .text).notNull()
                t.column("statistic", .text).notNull()
                t.column("groupVariable", .text).notNull()
                t.column("groupValue", .text).notNull()
                t.column("groupLabelEs", .text).notNull()
                t.column("groupLabelEn", .text).notNull()
                t.column("n", .integer).notNull()
                t.column("weightedN", .double).notNull()
                t.column("estimate", .double)
                t.column("se", .double)
                t.column("df", .integer).notNull()
                t.column("ciLow", .double)
                t.column("ciHigh", .double)
                t.column("cv", .double)
                t.column("flag", .text).notNull()
            }
            try db.create(table: "finding") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("line", .integer).notNull()
                t.column("column", .text).notNull()
                t.column("value", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("message", .text).notNull()
            }
            try db.create(table: "comparison") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("indicator", .text).notNull()
                t.column("groupVariable", .text).notNull()
                t.column("groupValue", .text).notNull()
                t.column("referenceValue", .text).notNull()
                t.column("difference", .double)
                t.column("se", .double)
                t.column("df", .integer).notNull()
                t.column("significant", .boolean).notNull()
            }
            try db.create(table: "itemResponse") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("column", .text).notNull()
                t.column("asked", .integer).notNull()
                t.column("missing", .integer).notNull()
            }
            try db.create(table: "quarantinedRow") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("line", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("raw", .text).notNull()
            }
        }
        // The p-value of each comparison and its value adjusted over the comparisons of its
        // table (Holm or Benjamini–Hochberg); null for runs stored before.
        migrator.registerMigration("v2-p-values") { db in
            try db.alter(table: "comparison") { t in
                t.add(column: "pValue", .double)
                t.add(column: "adjustedPValue", .double)
            }
        }
        // Each dimension's Cronbach's α (svycralpha) per run.
        migrator.registerMigration("v3-reliability") { db in
            try db.create(table: "reliability") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("dimension", .text).notNull()
                t.column("items", .integer).notNull()
                t.column("alpha", .double)
                t.column("n", .integer).notNull()
            }
        }
        // The weighted correlation of every pair of dimensions per run.
        migrator.registerMigration("v4-dimension-correlations") { db in
            try db.create(table: "dimensionCorrelation") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("first", .text).notNull()
                t.column("second", .text).notNull()
                t.column("correlation", .double)
                t.column("n", .integer).notNull()
            }
        }
        // The changes between two stored runs (`integra compare`), one set per pair of runs
        // and kind of samples; a new comparison of the same pair replaces the old.
        migrator.registerMigration("v5-wave-changes") { db in
            try db.create(table: "waveChange") { t in
                t.column("beforeRunId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("afterRunId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("samples", .text).notNull()
                t.column("indicator", .text).notNull()
                t.column("statistic", .text).notNull()
                t.column("groupVariable", .text).notNull()
                t.column("groupValue", .text).notNull()
                t.column("groupLabelEs", .text).notNull()
                t.column("groupLabelEn", .text).notNull()
                t.column("nBefore", .integer).notNull()
                t.column("nAfter", .integer).notNull()
                t.column("before", .double)
                t.column("after", .double)
                t.column("change", .double)
                t.column("se", .double)
                t.column("df", .integer).notNull()
                t.column("ciLow", .double)
                t.column("ciHigh", .double)
                t.column("pValue", .double)
                t.column("adjustedPValue", .double)
            }
        }
        // Each item's declared non-answers and weighted mean score, and its response by group.
        migrator.registerMigration("v6-item-statistics") { db in
            try db.alter(table: "itemResponse") { t in
                t.add(column: "nonAnswers", .integer).notNull().defaults(to: 0)
                t.add(column: "meanScore", .double)
            }
            try db.create(table: "itemGroupResponse") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("column", .text).notNull()
                t.column("groupVariable", .text).notNull()
                t.column("groupValue", .text).notNull()
                t.column("asked", .integer).notNull()
                t.column("missing", .integer).notNull()
                t.column("nonAnswers", .integer).notNull()
            }
        }
        // How firm each group's place on the overall index is (RankSensitivity).
        migrator.registerMigration("v7-group-ranks") { db in
            try db.create(table: "groupRank") { t in
                t.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("groupVariable", .text).notNull()
                t.column("groupValue", .text).notNull()
                t.column("rank", .integer).notNull()
                t.column("medianRank", .double).notNull()
                t.column("low", .double).notNull()
                t.column("high", .double).notNull()
                t.column("ranked", .integer).notNull()
            }
        }
        // Ranks by M0 beside those by the overall index.
        migrator.registerMigration("v8-rank-indicator") { db in
            try db.alter(table: "groupRank") { t in t.add(column: "indicator", .text).notNull().defaults(to: "overall") }
        }
        // What calibration did: one row per run, one per margin cell.
        migrator.registerMigration("v9-calibration") { db in
            try db.create(table: "calibration") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("method", .text).notNull()
                t.column("iterations", .integer).notNull()
                t.column("gMin", .double).notNull()
                t.column("gMax", .double).notNull()
                t.column("trimmedCells", .integer).notNull()
                t.column("effectiveNBefore", .double).notNull()
                t.column("effectiveNAfter", .double).notNull()
                t.column("weightingEffectBefore", .double).notNull()
                t.column("weightingEffectAfter", .double).notNull()
                t.column("replicates", .integer).notNull()
            }
            try db.create(table: "calibrationCell") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("margin", .integer).notNull()
                t.column("variables", .text).notNull()
                t.column("source", .text).notNull()
                t.column("cell", .text).notNull()
                t.column("population", .double).notNull()
                t.column("respondents", .integer).notNull()
                t.column("before", .double).notNull()
                t.column("after", .double).notNull()
            }
        }
        // A change's quality flag ("E" from an estimate to be used with caution in either wave).
        migrator.registerMigration("v10-change-flags") { db in
            try db.alter(table: "waveChange") { t in t.add(column: "flag", .text).notNull().defaults(to: "") }
        }
        return migrator
    }
}

/// A row's values bound in turn to a prepared statement's parameters with SQLite's own calls,
/// as GRDB binds them (an integer, a double, text, or NULL for nil); `failure` keeps the
/// first result that was not `SQLITE_OK`.
private struct RowBinding {
    let statement: SQLiteStatement
    private var parameter: Int32 = 0
    private(set) var failure = SQLITE_OK

    init(_ statement: SQLiteStatement) { self.statement = statement }

    mutating func bind(_ value: Int64) { note(sqlite3_bind_int64(statement, next(), value)) }

    mutating func bind(_ value: Double?) {
        let index = next()
        note(value.map { sqlite3_bind_double(statement, index, $0) } ?? sqlite3_bind_null(statement, index))
    }

    /// The text, all its UTF-8 bytes (a NUL in it too), copied by SQLite (`SQLITE_TRANSIENT`):
    /// the C string lives for the call only.
    mutating func bind(_ value: String) {
        let index = next()
        let length = Int32(value.utf8.count)
        note(value.withCString { sqlite3_bind_text(statement, index, $0, length, unsafeBitCast(-1, to: sqlite3_destructor_type.self)) })
    }

    private mutating func next() -> Int32 {
        parameter += 1
        return parameter
    }

    private mutating func note(_ code: Int32) {
        if failure == SQLITE_OK { failure = code }
    }
}
