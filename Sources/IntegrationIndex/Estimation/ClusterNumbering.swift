/// The clusters of one sampling stage numbered in order of first appearance, each row's
/// cluster and each cluster's group (its stratum, or its cluster at the stage above): the
/// first step of resolving a design (`SurveyDesign.init`), over every row.
///
/// A cluster is its id's code, or its id's code within its group when ids restart within
/// groups (`nested`). Codes and groups are small integers, so clusters are found in a flat
/// table indexed by them rather than by hashing a key per row: a million rows took 40 ms
/// of a serial stage through a dictionary.
struct ClusterNumbering {
    private(set) var clusterOfRow: [Int32]
    private(set) var groupOfCluster: [Int32] = []
    /// The id's code of each cluster, for its name.
    private(set) var codeOfCluster: [Int32] = []
    /// The first row of each cluster, where it was numbered.
    private(set) var firstRowOfCluster: [Int] = []

    /// Numbers the clusters of `codes` (one per row, ≥ 0, below `levelCount`), each row
    /// in group `groupOfRow[row]` (below `groupCount`). Without nesting, a cluster id seen in
    /// two groups is an error, made by `notNested(code, firstGroup, secondGroup)` at the
    /// first row that shows it.
    init(
        codes: CategoricalCodes, levelCount: Int, groupOfRow: [Int32], groupCount: Int, nested: Bool,
        notNested: (_ code: Int32, _ first: Int32, _ second: Int32) -> DesignError
    ) throws {
        let rows = codes.count
        precondition(groupOfRow.count == rows, "a group for every row")
        clusterOfRow = [Int32](repeating: 0, count: rows)
        // Keys are codes, or group × levels + code when nested; a table that large only
        // when it stays small beside the rows, a dictionary otherwise.
        let keyCount = nested ? groupCount * max(levelCount, 1) : levelCount
        let flat = keyCount <= max(rows, 1 << 16)
        var table = [Int32](repeating: -1, count: flat ? keyCount : 0)
        var dictionary: [Int: Int32] = [:]
        // The codes are read where they are (a byte each, mostly): a copy as `Int32`s would
        // be 4 MB at a million rows, at the stage before scoring's peak of memory. Read
        // through plain pointers, the column's storage looked at once rather than at every
        // row: the loop was 41 instructions a row, most of them checks.
        var clusters = (groupOfCluster: groupOfCluster, codeOfCluster: codeOfCluster, firstRowOfCluster: firstRowOfCluster)
        try groupOfRow.withUnsafeBufferPointer { groupOfRow in
            try clusterOfRow.withUnsafeMutableBufferPointer { clusterOfRow in
                try table.withUnsafeMutableBufferPointer { table in
                    /// Row `row`, of id code `code`: its cluster found, or numbered next.
                    @inline(__always) func number(row: Int, code: Int32) throws {
                        let group = groupOfRow[row]
                        let key = nested ? Int(group) * levelCount + Int(code) : Int(code)
                        // A code outside the column's levels (a blank) traps, as an array's
                        // subscript did.
                        precondition(!flat || UInt(bitPattern: key) < UInt(table.count), "a cluster id outside its column's levels")
                        let known = flat ? table[key] : dictionary[key, default: -1]
                        if known >= 0 {
                            clusterOfRow[row] = known
                            let other = clusters.groupOfCluster[Int(known)]
                            if other != group { throw notNested(code, other, group) }
                        } else {
                            let cluster = Int32(clusters.groupOfCluster.count)
                            if flat { table[key] = cluster } else { dictionary[key] = cluster }
                            clusters.groupOfCluster.append(group)
                            clusters.codeOfCluster.append(code)
                            clusters.firstRowOfCluster.append(row)
                            clusterOfRow[row] = cluster
                        }
                    }
                    try codes.withStorage(
                        narrow: { codes in
                            for row in 0..<rows {
                                let code = codes[row]
                                try number(row: row, code: code == CategoricalCodes.narrowMissing ? CategoricalColumn.missing : Int32(code))
                            }
                        },
                        wide: { codes in
                            for row in 0..<rows { try number(row: row, code: codes[row]) }
                        })
                }
            }
        }
        (groupOfCluster, codeOfCluster, firstRowOfCluster) = clusters
    }
}
