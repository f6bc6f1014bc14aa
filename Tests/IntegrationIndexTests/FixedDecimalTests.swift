import Foundation
import Testing
@testable import IntegrationIndex

/// The reports' fixed-decimal texts equal printf's (`String(format: "%.Nf")`) to the byte:
/// on random doubles of every size, on exact ties of the last digit (to even), on doubles
/// just beside a tie or an integer (where rounding the scaled number once would go wrong),
/// on negative numbers that round to zero, and past the range the method covers.
@Suite struct FixedDecimalTests {
    @Test func everyTextIsPrintfs() {
        var generator = SeededGenerator(seed: 5)
        var checked = 0
        func check(_ value: Double, _ digits: Int) {
            #expect(FixedDecimal.text(value, digits: digits) == String(format: "%.\(digits)f", locale: nil, value), "\(value) to \(digits)")
            checked += 1
        }
        for _ in 0..<40_000 {
            let digits = Int(generator.next() % 7)
            let magnitude = pow(10, Double(Int(generator.next() % 20)) - 6)
            let value = (generator.uniform() - 0.3) * magnitude
            check(value, digits)
            // A tie of the last digit and the doubles beside it, and beside an integer.
            let tie = ((value * pow(10, Double(digits))).rounded(.down) + 0.5) / pow(10, Double(digits))
            for candidate in [tie, tie.nextUp, tie.nextDown, value.rounded(), value.rounded().nextUp, value.rounded().nextDown] { check(candidate, digits) }
        }
        for value in [0.25, 0.35, 2.5, 0.05, -0.04, -0.0, 0, 1.45, 0.125, 1e15, 4.5e15, 1e300, -1e-300, .nan, .infinity, -.infinity] {
            for digits in 0...3 { check(value, digits) }
        }
        #expect(checked > 250_000)
    }
}
