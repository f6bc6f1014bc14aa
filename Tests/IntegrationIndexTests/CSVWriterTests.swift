import Testing
@testable import IntegrationIndex

/// The writer's numbers are the texts the `String` path gives, byte for byte: `integra
/// estimate` prints them, and R's numbers are checked against that text.
@Suite struct CSVWriterTests {
    private static func written(_ body: (inout CSVWriter) -> Void) -> String {
        var writer = CSVWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func aNumberIsWrittenAsItsShortestText() {
        let chosen: [Double] = [
            0, -0.0, 1, -1, 0.1, -0.1, 2.6782898532145376, 1e-05, -1e-05, 123456.789, 1e15 - 1, 1e15, -1e15, 1e16, 2.5e-320,
            .greatestFiniteMagnitude, -.leastNonzeroMagnitude, 0.5, 99.99999999999999,
        ]
        var generator = SeededGenerator(seed: 7)
        // Every magnitude, either sign, whole and not.
        let drawn = (0..<2_000).map { index -> Double in
            let value = (generator.uniform() - 0.5) * Double(sign: .plus, exponent: Int(generator.uniform() * 120) - 60, significand: 1)
            return index % 5 == 0 ? value.rounded() : value
        }
        for value in chosen + drawn {
            #expect(Self.written { $0.writeShortest(value) } == value.csvText, "\(value)")
        }
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(Self.written { $0.writeShortest(value) } == "")
        }
    }

    @Test func anIntegerIsWrittenAsItsText() {
        for value in [0, 7, -7, 10, 99, -100, 1_000_000, Int.max, Int.min] {
            #expect(Self.written { $0.writeInteger(value) } == String(value))
        }
    }

    @Test func numbersJoinTheRowWithoutQuotes() {
        let text = Self.written { writer in
            writer.writeField("a,b")
            writer.writeSeparator()
            writer.writeShortest(-2.5)
            writer.writeSeparator()
            writer.writeInteger(-3)
            writer.endRow()
        }
        #expect(text == "\"a,b\",-2.5,-3\n")
    }
}
