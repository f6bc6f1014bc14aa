import CStoreMemory
import GRDB
import Testing
@testable import IntegrationStore

/// SQLite's allocator for the store's largest rows (`CStoreMemory`), set by the first store a
/// process opens: values grown past its large-block size and rows written and read back
/// around it come out whole.
@Suite struct StoreMemoryTests {
    /// `group_concat` grows its text as it goes, full each time SQLite reallocates it: from
    /// small blocks into large ones, which are kept and reused from one query to the next.
    @Test(arguments: [1_000, 140_000, 160_000, 600_000, 150_000])
    func textGrownAcrossTheLargeBlockSizeComesOutWhole(numbers: Int) throws {
        let store = try ResultStore()
        let text = try store.database.read { db in
            try String.fetchOne(
                db,
                sql: """
                    WITH RECURSIVE counted(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM counted WHERE i < ?)
                    SELECT group_concat(printf('%07d', i), '') FROM counted
                    """,
                arguments: [numbers])
        }
        let expected = (1...numbers).map { String(repeating: "0", count: 7 - String($0).count) + String($0) }.joined()
        #expect(text?.utf8.count == 7 * numbers)
        // Compared apart from the expectation, which would print megabytes when they differ.
        let whole = text == expected
        #expect(whole, "the text differs from the numbers 1 to \(numbers) written with seven digits")
    }

    /// Rows of a few MB, each made as one record: larger ones after smaller ones, then
    /// smaller again, as the respondent columns come.
    @Test func largeRowsAreWrittenAndReadBackWhole() throws {
        let store = try ResultStore()
        let sizes = [1_500_000, 700_000, 5_000_000, 2_000_000, 12_000_000, 3_000]
        let texts = sizes.enumerated().map { index, size in
            String(repeating: String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))), count: size - 1) + "|"
        }
        try store.database.write { db in
            try db.execute(sql: "CREATE TEMP TABLE large (position INTEGER, data TEXT)")
            for (position, text) in texts.enumerated() {
                try db.execute(sql: "INSERT INTO large VALUES (?, ?)", arguments: [position, text])
            }
        }
        let read = try store.database.read { db in try String.fetchAll(db, sql: "SELECT data FROM large ORDER BY position") }
        #expect(read.map(\.utf8.count) == sizes)
        let whole = read == texts
        #expect(whole, "a row read back differs from the row written")
    }

    /// The block kept for the next large record let go between rows (as after a run's
    /// respondent columns), even twice: the rows after it are made in new blocks, whole.
    @Test func rowsAfterTheKeptBlockIsLetGoComeOutWhole() throws {
        let store = try ResultStore()
        let texts = [3_000_000, 1_200_000, 4_000_000].enumerated().map { index, size in
            String(repeating: String(UnicodeScalar(UInt8(ascii: "k") + UInt8(index))), count: size)
        }
        try store.database.write { db in
            try db.execute(sql: "CREATE TEMP TABLE large (position INTEGER, data TEXT)")
            for (position, text) in texts.enumerated() {
                try db.execute(sql: "INSERT INTO large VALUES (?, ?)", arguments: [position, text])
                integra_sqlite_release_kept_block()
                if position == 1 { integra_sqlite_release_kept_block() }
            }
        }
        let read = try store.database.read { db in try String.fetchAll(db, sql: "SELECT data FROM large ORDER BY position") }
        let whole = read == texts
        #expect(whole, "a row read back differs from the row written")
    }
}
