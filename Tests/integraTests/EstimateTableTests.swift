import Foundation
import Testing

@testable import IntegrationIndex
@testable import integra

/// `integra estimate`'s CSV, written straight into bytes, is its rows written cell by cell:
/// the same quoting and neutralized text, the same numbers' texts, empty cells where a value
/// is missing, and the `--by` values in the table's columns whatever the partition's order.
@Suite struct EstimateTableTests {
    @Test func theCSVIsItsRowsWrittenAsCells() {
        var generator = SeededGenerator(seed: 5)
        var estimates: [IntegrationIndex.Estimate] = []
        let domains: [(partition: String, domain: [String])] = [
            ("", []), ("sex", ["2"]), ("province,sex", ["sur, \"alto\"", "1"]), ("sex,province", ["1", "=cmd"]), ("province", ["-3"]),
        ]
        for index in 0..<400 {
            let (partition, domain) = domains[index % domains.count]
            let value = (generator.uniform() - 0.3) * Double(sign: .plus, exponent: Int(generator.uniform() * 80) - 40, significand: 1)
            let numbers: [Double] = [value, value.rounded(), .nan, 1e15, -2.5e-7, 0]
            let estimate = numbers[index % numbers.count]
            estimates.append(IntegrationIndex.Estimate(
                statistic: [.mean, .total, .proportion, .ratio][index % 4], variable: index % 3 == 0 ? "q, 1" : "q_\(index % 7)",
                level: index % 4 == 2 ? "+yes" : nil, partition: partition, domain: domain, n: index * 37 - 5, weightedN: value * 1000,
                estimate: estimate, standardError: abs(value) / 7, degreesOfFreedom: index % 5 - 1,
                interval: index % 6 == 0 || estimate.isNaN ? nil : (estimate - 1)...(estimate + 1), designEffect: index % 4 == 0 ? nil : value / 3))
        }
        let table = EstimateTable(estimates: estimates, byColumns: ["province", "sex"])
        var writer = CSVWriter()
        writer.writeRow(table.header)
        for row in table.rows { writer.writeRow(row) }
        // Compared apart from the expectation, which would print the bytes when they differ.
        let same = table.csv == writer.bytes
        #expect(same, "the CSV written as bytes differs from its rows written as cells")
    }
}
