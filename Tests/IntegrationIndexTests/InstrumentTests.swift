import Foundation
import Testing
@testable import IntegrationIndex

@Suite struct InstrumentTests {
    static let surveys = repositoryRoot.appendingPathComponent("Surveys")

    @Test func sevenDimensionIndexLoads() throws {
        let instrument = try Instrument.load(from: Self.surveys.appendingPathComponent("integration-index-7.json"))
        #expect(instrument.dimensions.map(\.key) == [
            "psychosocial", "economic", "cultural", "political", "linguistic", "navigational", "migration_intentions",
        ])
        for dimension in instrument.dimensions {
            #expect((3...5).contains(dimension.items.count), "\(dimension.key)")
            #expect(!dimension.labels.es.isEmpty && !dimension.labels.en.isEmpty)
        }
        #expect(instrument.minDimensions == 6)
    }

    @Test func iplTwelveLoadsWithDefaults() throws {
        let instrument = try Instrument.load(from: Self.surveys.appendingPathComponent("ipl-12.json"))
        #expect(instrument.dimensions.count == 6)
        #expect(instrument.items.count == 12)
        #expect(instrument.dimensions.allSatisfy { $0.minItems == 1 })
        #expect(instrument.minDimensions == 5)
    }

    /// A minimal valid instrument, edited by each invalid case.
    static func document(_ edit: (inout [String: Any]) -> Void) -> Data {
        var item: [String: Any] = [
            "column": "q1", "labels": "Q1",
            "codes": [["code": "1", "labels": "No"], ["code": "2", "labels": "Yes"]],
        ]
        _ = item
        var root: [String: Any] = [
            "name": "test",
            "dimensions": [
                ["key": "a", "labels": "A", "items": [item, ["column": "q2", "labels": "Q2", "codes": [["code": "1", "labels": "x"], ["code": "2", "labels": "y"]]]]]
            ],
        ]
        edit(&root)
        item = [:]
        return try! JSONSerialization.data(withJSONObject: root)  // A dictionary of plain values always serializes.
    }

    static func dimension(_ root: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var dimensions = root["dimensions"] as! [[String: Any]]
        edit(&dimensions[0])
        root["dimensions"] = dimensions
    }

    static func firstItem(_ root: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        dimension(&root) { dimension in
            var items = dimension["items"] as! [[String: Any]]
            edit(&items[0])
            dimension["items"] = items
        }
    }

    @Test func validDocumentParses() throws {
        let instrument = try Instrument.parse(Self.document { _ in }, source: "t.json")
        #expect(instrument.items.map(\.column) == ["q1", "q2"])
    }

    @Test func unknownKeyIsNamedWithItsPath() {
        let data = Self.document { Self.firstItem(&$0) { $0["revresed"] = true } }
        let error = #expect(throws: ConfigurationError.self) { try Instrument.parse(data, source: "t.json") }
        #expect(error?.path == "$.dimensions[0].items[0].revresed")
        #expect(error?.message.contains("unknown key") == true)
    }

    @Test func duplicateColumnIsAnError() {
        let data = Self.document { Self.dimension(&$0) { dimension in
            var items = dimension["items"] as! [[String: Any]]
            items[1]["column"] = "q1"
            dimension["items"] = items
        } }
        let error = #expect(throws: ConfigurationError.self) { try Instrument.parse(data, source: "t.json") }
        #expect(error?.path == "$.dimensions[0].items[1].column")
        #expect(error?.message.contains("duplicate column \"q1\"") == true)
    }

    @Test func itemWithoutCodesIsAnError() {
        let data = Self.document { Self.firstItem(&$0) { $0.removeValue(forKey: "codes") } }
        let error = #expect(throws: ConfigurationError.self) { try Instrument.parse(data, source: "t.json") }
        #expect(error?.path == "$.dimensions[0].items[0]")
        #expect(error?.message.contains("no codes") == true)
    }

    @Test(arguments: [0.0, -1.0])
    func nonPositiveWeightIsAnError(weight: Double) {
        let data = Self.document { Self.dimension(&$0) { $0["weight"] = weight } }
        let error = #expect(throws: ConfigurationError.self) { try Instrument.parse(data, source: "t.json") }
        #expect(error?.path == "$.dimensions[0].weight")
    }

    @Test func nonAnswerRulesAndRoutingAreRead() throws {
        let data = Self.document { Self.firstItem(&$0) {
            $0["nonAnswers"] = [["code": "98", "score": "middle"], ["code": "99"]]
            $0["routing"] = ["column": "native", "skippedWhen": ["1"], "score": 1]
        } }
        let item = try Instrument.parse(data, source: "t.json").items[0]
        #expect(item.nonAnswers.map(\.rule) == [.score(0.5), .missing])
        #expect(item.routing?.column == "native")
        #expect(item.routing?.score == 1)
    }
}
