import CVectorSums
import Testing
@testable import IntegrationIndex

/// `DomainSums.summing` (several variables a pass, a vector lane each) against `add` (one
/// variable a pass): the estimates depend on every bit of these sums, so they must be the
/// same to the bit, with missing values, negative values (a missing one must not turn a sum
/// into −0), zero weights, rows that are their own units, and one to eight variables (one
/// vector of four lanes, or two).
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

    @Test(arguments: [(1, false), (2, false), (3, true), (4, false), (4, true), (5, false), (7, true), (8, false), (8, true), (9, false), (10, true), (12, false), (12, true)])
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

    /// The loop's two variants (`integra_domain_sums4` runs the AVX2 one on a processor that
    /// has it, as this machine and CI's do; the baseline one on any other), in one vector of
    /// four lanes, in two and in three, against `add`, with rows outside every domain: a row of no
    /// value there is skipped by both, however its domain is out of range (−1, as a row with
    /// no group value has, or past the last).
    @Test(arguments: [(false, 4), (true, 4), (false, 8), (true, 8), (false, 12), (true, 12)])
    func bothVariantsSumWhatAddSums(baseline: Bool, lanes: Int) {
        typealias Loop = (
            UnsafePointer<UnsafePointer<Double>?>?, UnsafePointer<Double>?, UnsafePointer<Int32>?, Int, UnsafePointer<Int32>?, Int, Int, Int,
            UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Int64>?
        ) -> Int
        let loop: Loop = switch (baseline, lanes) {
        case (true, 4): integra_domain_sums4_baseline
        case (false, 4): integra_domain_sums4
        case (true, 8): integra_domain_sums8_baseline
        case (false, 8): integra_domain_sums8
        case (true, _): integra_domain_sums12_baseline
        default: integra_domain_sums12
        }
        var random = SeededGenerator(seed: (baseline ? 11 : 12) + UInt64(lanes))
        let rows = 2_000, domainCount = 4, unitCount = 6
        var variables = (0..<lanes).map { _ in Self.column(rows: rows, random: &random) }
        let weights = (0..<rows).map { _ in Double(random.next() % 1_000_000) / 300_000 }
        let unitOfRow = (0..<rows).map { _ in Int32(random.next() % UInt64(unitCount)) }
        let domainOfRow = (0..<rows).map { row -> Int32 in
            switch random.next() % 12 {
            case 0: -1
            case 1: Int32(domainCount)
            default: Int32(random.next() % UInt64(domainCount))
            }
        }
        for row in 0..<rows where !(0..<Int32(domainCount)).contains(domainOfRow[row]) {
            for lane in 0..<lanes { variables[lane][row] = .nan }
        }
        var weight = [Double](repeating: 0, count: lanes * domainCount * unitCount)
        var weightedValue = weight
        var weightedSquare = [Double](repeating: 0, count: lanes * domainCount)
        var count = [Int64](repeating: 0, count: lanes * domainCount)
        let outside = variables.withUnsafeBuffers { columns in
            loop(columns.map(\.baseAddress), weights, unitOfRow, 1, domainOfRow, rows, domainCount, unitCount, &weight, &weightedValue, &weightedSquare, &count)
        }
        #expect(outside == -1)
        for lane in 0..<lanes {
            var one = DomainSums(domainCount: domainCount, unitCount: unitCount)
            one.add(rows: 0..<rows, values: variables[lane], weights: weights, unitOfRow: unitOfRow, domainOfRow: domainOfRow)
            var summed = DomainSums(domainCount: domainCount, unitCount: unitCount)
            summed.weight = stride(from: lane, to: weight.count, by: lanes).map { weight[$0] }
            summed.weightedValue = stride(from: lane, to: weightedValue.count, by: lanes).map { weightedValue[$0] }
            summed.weightedSquare = stride(from: lane, to: weightedSquare.count, by: lanes).map { weightedSquare[$0] }
            summed.count = stride(from: lane, to: count.count, by: lanes).map { Int(count[$0]) }
            #expect(Self.same(summed, one), "lane \(lane)")
        }
    }

    /// A row outside every domain that has a value is the caller's error: the loop stops there,
    /// in any width, whichever lane has the value.
    @Test func aValueOutsideEveryDomainStopsTheLoopAtItsRowInAnyWidth() {
        let missing: [Double] = [.nan, .nan, .nan]
        for (width, loop) in [(8, integra_domain_sums8), (12, integra_domain_sums12)] {
            for lane in 0..<width {
                var (weight, weightedValue, square, count) = (
                    [Double](repeating: 0, count: width), [Double](repeating: 0, count: width), [Double](repeating: 0, count: width), [Int64](repeating: 0, count: width)
                )
                let outside = missing.withUnsafeBufferPointer { missing in
                    [Double](arrayLiteral: 1, 2, 3).withUnsafeBufferPointer { values in
                        let columns = (0..<width).map { $0 == lane ? values.baseAddress : missing.baseAddress }
                        return loop(columns, [1, 1, 1], [0], 0, [0, -1, 0], 3, 1, 1, &weight, &weightedValue, &square, &count)
                    }
                }
                #expect(outside == 1, "lane \(lane) of \(width)")
            }
        }
        let values: [Double] = [1, 2, 3]
        var (weight, weightedValue, square, count) = ([Double](repeating: 0, count: 4), [Double](repeating: 0, count: 4), [Double](repeating: 0, count: 4), [Int64](repeating: 0, count: 4))
        let outside = values.withUnsafeBufferPointer { column in
            integra_domain_sums4(
                [column.baseAddress, column.baseAddress, column.baseAddress, column.baseAddress], [1, 1, 1], [0], 0, [0, -1, 0], 3, 1, 1,
                &weight, &weightedValue, &square, &count)
        }
        #expect(outside == 1)
    }
}
