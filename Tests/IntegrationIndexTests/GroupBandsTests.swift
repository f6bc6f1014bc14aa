import Foundation
import PropertyBased
import Testing
@testable import IntegrationIndex

/// A banded group puts each number in the first band that contains it (`Band.contains`),
/// and a number in none, or missing, in the "no answer" group, with a finding for the one
/// outside every band: checked against that rule, number by number, on bands with and
/// without bounds, edges, infinities and gaps, and on more bands than 64.
@Suite struct GroupBandsTests {
    @Test func aNumberGoesToTheFirstBandThatContainsIt() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededGenerator(seed: UInt64(seed))
            // Cut points in order; a band may lose its lower or upper bound, and gaps or
            // overlaps come from bands that skip or repeat a cut. Now and then more bands than
            // a word has bits (64), which are tested a word at a time.
            let cutCount = random.next() % 8 == 0 ? 70 + Int(random.next() % 80) : 2 + Int(random.next() % 4)
            let cuts = (0..<cutCount).map { _ in Double(Int(random.next() % 600)) / 10 }.sorted()
            var bands: [GroupVariable.Band] = []
            for index in 0..<(cuts.count - 1) {
                let lower: Double? = index == 0 && random.next() % 2 == 0 ? nil : cuts[index]
                let upper: Double? = index == cuts.count - 2 && random.next() % 2 == 0 ? nil : cuts[index + 1] + (random.next() % 3 == 0 ? 2 : 0)
                if random.next() % 5 != 0 { bands.append(GroupVariable.Band(lower: lower, upper: upper, labels: LocalizedText("b\(index)"))) }
            }
            if bands.isEmpty { bands.append(GroupVariable.Band(lower: nil, upper: nil, labels: LocalizedText("all"))) }
            let specials: [Double] = [.nan, .infinity, -.infinity, -0.0] + cuts
            let numbers = (0..<300).map { _ in random.next() % 4 == 0 ? specials[Int(random.next() % UInt64(specials.count))] : Double(Int(random.next() % 700)) / 10 - 5 }
            let variable = GroupVariable(key: "g", labels: LocalizedText("g"), kind: .bands(column: "x", bands: bands))
            var findings: [Finding] = []
            let group = GroupPartition.banded(
                variable, column: "x", values: numbers, bands: bands, lines: (0..<300).map { Int32($0 + 2) }, findings: &findings)
            var expectedFindings = 0
            for (row, number) in numbers.enumerated() {
                let expected = number.isNaN ? nil : bands.firstIndex { $0.contains(number) }
                if !number.isNaN && expected == nil { expectedFindings += 1 }
                #expect(group.partition.domainOfRow[row] == Int32(expected ?? bands.count), "seed \(seed): \(number)")
            }
            #expect(findings.count == expectedFindings, "seed \(seed)")
        }
    }
}
