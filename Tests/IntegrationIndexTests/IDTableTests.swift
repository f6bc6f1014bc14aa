import Testing

@testable import IntegrationIndex

/// The table that finds re-submitted respondent ids: each id's first row, whatever the
/// table's starting room (it grows at three quarters full) and however the hashes collide.
@Suite struct IDTableTests {
    /// Ids drawn with repeats, looked up in order: a repeat finds the row that first held
    /// its id, as a dictionary says, and a new id is recorded at its row.
    @Test(arguments: [1, 100, 3_000, 40_000])
    func aRepeatedIDFindsItsFirstRow(capacity: Int) {
        var generator = SeededGenerator(seed: UInt64(capacity))
        var table = IDTable(capacity: capacity)
        var firstRows: [String: Int32] = [:]
        var ids: [String] = []
        for _ in 0..<30_000 {
            let id = "R\(generator.next() % 20_000)"
            let row = Int32(ids.count)
            let found = table.firstRow(withHash: IDTable.hash(id), isSame: { ids[Int($0)] == id }, orInsert: row)
            #expect(found == firstRows[id])
            if found == nil {
                firstRows[id] = row
                ids.append(id)
            }
        }
    }

    /// Ids as files number them (a prefix and a counter, of one length or of several, a few
    /// past a word) spread over the table: their tags, the hash's upper half that places
    /// them, all but never coincide.
    @Test(arguments: ["R", "KOBO-2026-", ""])
    func numberedIDsSpreadOverTheTags(prefix: String) {
        let ids = (0..<100_000).map { "\(prefix)\($0)" } + (0..<1_000).map { "\(prefix)\(String(repeating: "0", count: 7))\($0)" }
        let tags = Set(ids.map { IDTable.hash($0) >> 32 })
        #expect(tags.count >= ids.count - 10)
        #expect(Set(ids.map(IDTable.hash)).count == ids.count)
    }

    /// Every id given the same hash: each is still told apart by comparing the ids.
    @Test func idsWithOneHashAreToldApart() {
        var table = IDTable(capacity: 4)
        let ids = (0..<200).map { "id\($0)" }
        for (row, id) in ids.enumerated() {
            #expect(table.firstRow(withHash: 42, isSame: { ids[Int($0)] == id }, orInsert: Int32(row)) == nil)
        }
        for id in ids.reversed() {
            #expect(table.firstRow(withHash: 42, isSame: { ids[Int($0)] == id }, orInsert: -1) == Int32(ids.firstIndex(of: id)!))
        }
    }
}
