import Testing
@testable import IntegrationIndex

/// `DomainSums.summing` (several variables a pass, a vector lane each) against `add` (one
/// variable a pass): the estimates depend on every bit of these sums, so they must be the
/// same to the bit, with missing values, negative values (a missing one must not turn a sum
/// into −0), zero weights, rows that are their own units, and one to four variables.
@Suite struct DomainSumsTests {
    static func column(rows: Int, random: inout SeededGenerator) -> [Double] {
        (0..<rows).map { _ in
            switch random.next() % 10 {
            case 0, 1: .nan
            case 2: -0.0
            case 3: -Double(random.next() % 1_000_000) / 20_000
            default: Double(random.next() % 1_000_000) / 10_000
            }
        }
    }

    static func same(_ a: DomainSums, _ b: DomainSums) -> Bool {
        func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
        return a.domainCount == b.domainCount && a.unitCount == b.unitCount && bits(a.weight) == bits(b.weight)
            && bits(a.weightedValue) == bits(b.weightedValue) && bits(a.weightedSquare) == bits(b.weightedSquare) && a.count == b.count
    }

    @Test(arguments: [(1, false), (2, false), (3, true), (4, false), (4, true)])
    func lanesSumWhatOneVariableAPassSums(variableCount: Int, rowsAreUnits: Bool) {
        var random = SeededGenerator(seed: UInt64(variableCount * 2 + (rowsAreUnits ? 1 : 0)))
        let rows = 3_000, domainCount = 5, unitCount = rowsAreUnits ? 1 : 7
        let variables = (0..<variableCount).map { _ in Self.column(rows: rows, random: &random) }
        let weights = (0..<rows).map { _ in random.next() % 8 == 0 ? 0 : Double(random.next() % 1_000_000) / 300_000 }
        // Runs of one unit, as in a file sorted by PSU, and domains that change from row to row.
        let unitOfRow = (0..<rows).map { Int32($0 * unitCount / rows) }
        let domainOfRow = (0..<rows).map { _ in Int32(random.next() % UInt64(domainCount)) }
        let lanes = DomainSums.summing(
            variables, weights: weights, unitOfRow: rowsAreUnits ? nil : unitOfRow, domainOfRow: domainOfRow, domainCount: domainCount,
            unitCount: unitCount)
        #expect(lanes.count == variableCount)
        for (values, summed) in zip(variables, lanes) {
            var one = DomainSums(domainCount: domainCount, unitCount: unitCount)
            one.add(rows: 0..<rows, values: values, weights: weights, unitOfRow: rowsAreUnits ? [Int32](repeating: 0, count: rows) : unitOfRow, domainOfRow: domainOfRow)
            #expect(Self.same(summed, one))
        }
    }

    /// A sum of nothing but negative zeros and missing values stays +0 in both: a lane adds
    /// +0 for a missing value, where `add` skips the row.
    @Test func aMissingValueLeavesASumOfNegativeZerosAsAddLeavesIt() {
        let values: [Double] = [-0.0, .nan, -0.0, .nan]
        let weights: [Double] = [1, 2, 0, 1]
        let lanes = DomainSums.summing([values], weights: weights, unitOfRow: nil, domainOfRow: [0, 0, 0, 0], domainCount: 1, unitCount: 1)
        var one = DomainSums(domainCount: 1, unitCount: 1)
        one.add(rows: 0..<4, values: values, weights: weights, unitOfRow: [0, 0, 0, 0], domainOfRow: [0, 0, 0, 0])
        #expect(Self.same(lanes[0], one))
        #expect(lanes[0].count == [2])
    }
}
