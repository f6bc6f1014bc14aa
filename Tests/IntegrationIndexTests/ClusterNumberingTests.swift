import Testing
@testable import IntegrationIndex

/// A design's clusters are numbered in order of first appearance, by their id (or by their
/// id within their group when ids restart there), and an id in two groups is refused at the
/// first row that shows it. Checked by hand, and against a dictionary keyed as the rule
/// says, through both the flat table and the dictionary `ClusterNumbering` keeps.
@Suite struct ClusterNumberingTests {
    private static func refuse(_ code: Int32, _ first: Int32, _ second: Int32) -> DesignError {
        DesignError("id \(code) in groups \(first) and \(second)")
    }

    @Test func numbersClustersInOrderOfFirstAppearance() throws {
        // Ids 5, 2, 5, 0 in groups 1, 0, 1, 0.
        let numbering = try ClusterNumbering(codes: CategoricalCodes([5, 2, 5, 0], levelCount: 6), levelCount: 6, groupOfRow: [1, 0, 1, 0], groupCount: 2, nested: false, notNested: Self.refuse)
        #expect(numbering.clusterOfRow == [0, 1, 0, 2])
        #expect(numbering.groupOfCluster == [1, 0, 0])
        #expect(numbering.codeOfCluster == [5, 2, 0])
        #expect(numbering.firstRowOfCluster == [0, 1, 3])
    }

    @Test func nestedIdsRestartWithinGroups() throws {
        // Id 1 in group 0 and id 1 in group 1 are two clusters.
        let numbering = try ClusterNumbering(codes: CategoricalCodes([1, 1, 0, 1], levelCount: 2), levelCount: 2, groupOfRow: [0, 1, 1, 0], groupCount: 2, nested: true, notNested: Self.refuse)
        #expect(numbering.clusterOfRow == [0, 1, 2, 0])
        #expect(numbering.groupOfCluster == [0, 1, 1])
        #expect(numbering.codeOfCluster == [1, 1, 0])
        #expect(numbering.firstRowOfCluster == [0, 1, 2])
    }

    @Test func anIdInTwoGroupsIsRefusedAtItsFirstSecondGroup() {
        #expect(throws: DesignError("id 3 in groups 0 and 2")) {
            try ClusterNumbering(codes: CategoricalCodes([3, 1, 3, 3], levelCount: 4), levelCount: 4, groupOfRow: [0, 1, 2, 1], groupCount: 3, nested: false, notNested: Self.refuse)
        }
    }

    @Test func agreesWithADictionaryByTheRule() throws {
        var random = SeededGenerator(seed: 11)
        // Few levels (a flat table) and many levels beside few rows (a dictionary).
        for (rows, levels, groups) in [(2_000, 40, 5), (300, 200_000, 400)] {
            for nested in [true, false] {
                // Without nesting, an id keeps to one group: its group is a function of it.
                let codes = (0..<rows).map { _ in Int32(random.next() % UInt64(min(levels, 90))) * Int32(levels / min(levels, 90)) }
                let groupOfRow = codes.map { code in nested ? Int32(random.next() % UInt64(groups)) : Int32(Int(code) % groups) }
                let numbering = try ClusterNumbering(codes: CategoricalCodes(codes, levelCount: levels), levelCount: levels, groupOfRow: groupOfRow, groupCount: groups, nested: nested, notNested: Self.refuse)
                var clusterOfKey: [[Int32]: Int32] = [:]
                var expected: [Int32] = []
                for (code, group) in zip(codes, groupOfRow) {
                    let key = nested ? [group, code] : [code]
                    let cluster = clusterOfKey[key] ?? Int32(clusterOfKey.count)
                    clusterOfKey[key] = cluster
                    expected.append(cluster)
                }
                #expect(numbering.clusterOfRow == expected, "\(rows) rows, \(levels) levels, nested: \(nested)")
                for (row, cluster) in expected.enumerated() {
                    #expect(numbering.groupOfCluster[Int(cluster)] == groupOfRow[row] && numbering.codeOfCluster[Int(cluster)] == codes[row])
                }
                // Each cluster's first row is where it first appears.
                #expect(numbering.firstRowOfCluster == (0..<clusterOfKey.count).map { cluster in expected.firstIndex(of: Int32(cluster))! })
            }
        }
    }
}
