import Foundation
import GRDB
import IntegrationIndex
import Testing
@testable import IntegrationStore

@Suite struct ResultStoreTests {
    static let tinyStudy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tiny/study.json")

    /// The tiny fixture; `publishAll` lowers the thresholds so its small groups are shown.
    static func tinyRun(publishAll: Bool = false) throws -> StudyRun {
        var study = try Study.load(from: tinyStudy)
        if publishAll {
            study.quality.suppressBelowN = 1
            study.quality.suppressCV = 10
            study.quality.cautionCV = 10
            study.quality.suppressIntervalWidth = 1
        }
        return try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument)
    }

    static func metadata() -> RunMetadata {
        RunMetadata(
            startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 1), integraVersion: "test",
            studyPath: "study.json", studyTitle: "Tiny", language: "en", instrumentName: "ipl-12", instrumentVersion: "1",
            instrumentSHA256: "abc", dataPath: "responses.csv", dataSHA256: "def")
    }

    @Test func aRunIsStoredWithEverythingItProduced() throws {
        let store = try ResultStore()
        let run = try Self.tinyRun(publishAll: true)
        let id = try store.record(run, metadata: Self.metadata())
        let stored = try #require(try store.runs().first)
        #expect(stored.id == id)
        #expect(stored.status == .completed)
        #expect((stored.rowsRead, stored.rowsAccepted, stored.rowsQuarantined, stored.findings) == (6, 6, 0, 1))
        let columns = try store.respondentColumns(runID: id)
        #expect(columns["id"] == #"["T1","T2","T3","T4","T5","T6"]"#)
        #expect(columns["social"] == "[100,50,12.5,100,0,50]")
        #expect(columns["overall"] == "[100,50,62.5,null,25,45.8333333333]")
        #expect(try store.count(.finding, runID: id) == 1)
        let estimates = try store.estimates(runID: id)
        #expect(estimates.count == run.estimates.count)
        let overall = try #require(estimates.first { $0.indicator == "overall" && $0.groupVariable.isEmpty })
        #expect(overall.flag == "E")
        #expect(overall.estimate == run.estimates.first { $0.indicator == "overall" && $0.groupKey.isEmpty }!.estimate)
        #expect(overall.n == 5)
    }

    /// A calibrated run keeps each respondent's calibrated weight and the calibration summary,
    /// which a report from the store shows again. Stratum A (design weights 1, 2, 1) to 30 and
    /// B (3, 4, 1) to 50: g = 7.5 and 6.25.
    @Test func aCalibratedRunKeepsItsWeightsAndSummary() throws {
        var study = try Study.load(from: Self.tinyStudy)
        study.groups.append(GroupVariable(key: "stratum", labels: LocalizedText("Stratum"), kind: .categorical(column: "stratum", values: [])))
        study.calibration = CalibrationSettings(
            method: .poststratify, margins: [PopulationMargin(variables: ["stratum"], cells: [["A"], ["B"]], populations: [30, 50], source: "inline")])
        let run = try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument)
        #expect(run.calibratedWeights == [7.5, 15, 7.5, 18.75, 25, 6.25])
        let store = try ResultStore()
        let id = try store.record(run, metadata: Self.metadata())
        #expect(try store.respondentColumns(runID: id)["calibrated_weight"] == "[7.5,15,7.5,18.75,25,6.25]")
        let summary = try #require(run.calibration)
        #expect(summary.margins[0].cells.map(\.after) == [30, 50])
        let report = try store.database.read { db in try ResultStore.calibrationSummary(runID: id, db: db) }
        #expect(report == summary)
    }

    /// Every estimate is stored whole, each value in its own column, in the run's order: the
    /// rows read back are the records made from the run's estimates.
    @Test func everyEstimateIsStoredWithEveryValueInItsColumn() throws {
        let store = try ResultStore()
        let run = try Self.tinyRun(publishAll: true)
        let id = try store.record(run, metadata: Self.metadata())
        let stored = try store.estimates(runID: id)
        #expect(stored.map(\.id) == (1...Int64(run.estimates.count)).map { $0 })
        #expect(stored.map { var row = $0; row.id = nil; return row } == run.estimates.map { EstimateRecord($0, runID: id) })
        // The values differ from column to column, so that one stored in another's place shows.
        #expect(stored.contains { $0.ciLow != nil && $0.ciLow != $0.ciHigh && $0.se != $0.cv && $0.groupLabelEs != $0.groupLabelEn })
    }

    @Test func suppressedValuesAreNotStored() throws {
        let store = try ResultStore()
        let id = try store.record(try Self.tinyRun(), metadata: Self.metadata())
        let suppressed = try store.estimates(runID: id).filter { $0.flag == "F" }
        #expect(!suppressed.isEmpty)
        #expect(suppressed.allSatisfy { $0.estimate == nil && $0.se == nil && $0.ciLow == nil && $0.cv == nil })
    }

    @Test func respondentScoresAreQueryableJSON() throws {
        let store = try ResultStore()
        let id = try store.record(try Self.tinyRun(), metadata: Self.metadata())
        let social = try store.database.read { db in
            try Double.fetchOne(db, sql: """
                SELECT s.value FROM respondentColumn i, json_each(i.data) ids, respondentColumn c, json_each(c.data) s
                WHERE i.runId = ?1 AND i.name = 'id' AND c.runId = ?1 AND c.name = 'social' AND ids.key = s.key AND ids.value = 'T3'
                """, arguments: [id])
        }
        #expect(social == 12.5)
    }

    /// A run that fails while being written leaves nothing behind: here the disk "fills up"
    /// once the scores are written, when the first estimate is inserted.
    @Test func aRunThatFailsWhileWritingLeavesNothing() throws {
        let store = try ResultStore()
        try store.database.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER fail BEFORE INSERT ON estimate BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        #expect(throws: (any Error).self) { try store.record(try Self.tinyRun(), metadata: Self.metadata()) }
        #expect(try store.runs().isEmpty)
        let orphans = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM respondentColumn") }
        #expect(orphans == 0)
    }

    /// A run recorded from its scores, with the rest handed over once estimated (as `integra
    /// run` stores it, beside the estimation), stores row for row what the whole run
    /// recorded at once stores, under the metadata handed over last.
    @Test func aRunRecordedFromItsScoresStoresWhatTheWholeRunStores() throws {
        var study = try Study.load(from: Self.tinyStudy)
        study.quality.suppressBelowN = 1
        let scored = try ScoredRun.score(study: study, instrument: try study.loadInstrument().instrument)
        let whole = try ResultStore()
        try whole.record(scored.estimated(), metadata: Self.metadata())
        let stepwise = try ResultStore()
        var first = Self.metadata()
        (first.finishedAt, first.dataSHA256) = (Date(timeIntervalSince1970: 99), nil)
        try stepwise.record(scored, metadata: first, finishing: { (scored.estimated(), Self.metadata()) })
        let tables = try whole.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        #expect(tables.contains("respondentColumn") && tables.contains("estimate") && tables.contains("run"))
        for table in tables {
            let rows = try [whole, stepwise].map { store in
                try store.database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid") }
            }
            #expect(rows[0] == rows[1], "\(table)")
        }
        #expect(try stepwise.count(.estimate, runID: 1) > 0)
    }

    /// A run whose estimates never come (the caller's `finishing` throws) leaves nothing of
    /// what its scores had written already.
    @Test func aRunWhoseRestFailsLeavesNothing() throws {
        let scored = try ScoredRun.score(study: try Study.load(from: Self.tinyStudy), instrument: try Study.load(from: Self.tinyStudy).loadInstrument().instrument)
        let store = try ResultStore()
        struct Stopped: Error {}
        #expect(throws: Stopped.self) { try store.record(scored, metadata: Self.metadata(), finishing: { throw Stopped() }) }
        #expect(try store.runs().isEmpty)
        let orphans = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM respondentColumn") }
        #expect(orphans == 0)
    }

    /// Every respondent column is a JSON array that reads back as what the run holds: ids
    /// that need escapes, numbers with `null` for missing, each row's lagging profile.
    @Test func respondentColumnsReadBackAsTheRunHoldsThem() throws {
        var run = try Self.tinyRun()
        run.scores.ids = ["quote\"d", "back\\slash", "tab\tand\u{1}", "ñandú", "", "T6"]
        try Self.expectColumnsReadBack(run)
    }

    /// The same for the demo's 3,000 respondents: columns of many pages, written in the
    /// store's two buffers by turns, each let go once no column is left to use it.
    @Test func theDemosRespondentColumnsReadBackAsTheRunHoldsThem() throws {
        let study = try Study.load(from: Self.tinyStudy.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("demo/study.json"))
        try Self.expectColumnsReadBack(try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument))
    }

    static func expectColumnsReadBack(_ run: StudyRun) throws {
        let store = try ResultStore()
        let id = try store.record(run, metadata: Self.metadata())
        let columns = try store.respondentColumns(runID: id)
        func array(_ name: String) throws -> [Any] {
            let text = try #require(columns[name])
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
        }
        #expect(try array("id") as? [String] == run.scores.ids)
        for (key, scores) in zip(run.scores.dimensionKeys + ["overall"], run.scores.dimensions + [run.scores.overall]) {
            let stored = try array(key).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
            #expect(zip(stored, scores).allSatisfy { $0.isNaN ? $1.isNaN : abs($0 - $1 * 100) < 1e-8 }, "\(key)")
        }
        let lagging = try #require(run.lagging)
        let profiles = try array("lagging_dimensions").map { $0 as? String }
        #expect(profiles == (0..<lagging.count).map { lagging.profile($0) })
        #expect(profiles.contains { $0 == nil } && profiles.contains { $0 != nil })
    }

    /// A run whose respondent columns fail halfway (the disk "fills up" at the fourth) leaves
    /// nothing behind, and the column writer on its other core is stopped, not waited on
    /// forever.
    @Test func aRunThatFailsAmidItsRespondentColumnsLeavesNothing() throws {
        let store = try ResultStore()
        try store.database.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER fail BEFORE INSERT ON respondentColumn WHEN NEW.position = 3 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        #expect(throws: (any Error).self) { try store.record(try Self.tinyRun(), metadata: Self.metadata()) }
        #expect(try store.runs().isEmpty)
        let orphans = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM respondentColumn") }
        #expect(orphans == 0)
    }

    @Test func failuresAreRecordedAsFailedRuns() throws {
        let store = try ResultStore()
        try store.recordFailure(metadata: Self.metadata(), message: "missing column")
        let run = try #require(try store.runs().first)
        #expect(run.status == .failed)
        #expect(run.message == "missing column")
    }

    @Test func storeOnDiskKeepsRunsAcrossOpenings() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ResultStore(path: path).record(try Self.tinyRun(), metadata: Self.metadata())
        try ResultStore(path: path).record(try Self.tinyRun(), metadata: Self.metadata())
        #expect(try ResultStore(path: path).runs().map(\.id) == [1, 2])
    }
}
