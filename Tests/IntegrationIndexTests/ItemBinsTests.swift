import Testing

@testable import IntegrationIndex

/// A bins item scores a number by the last bin whose lower bound it reaches, as a share of
/// the bins, after dividing it by the study's parameter when the bins are relative to one.
@Suite struct ItemBinsTests {
    private func scorer(relativeTo: String?, reversed: Bool = false, parameters: [String: Double]) -> ItemScorer {
        let item = Item(
            column: "q_income", labels: LocalizedText("income"), scale: .bins(lowerBounds: [0, 0.5, 1, 1.5], relativeTo: relativeTo, reversed: reversed),
            nonAnswers: [], routing: nil)
        return ItemScorer(item: item, parameters: parameters)
    }

    @Test func scoresByTheBinANumberReaches() {
        let relative = scorer(relativeTo: "median_income", parameters: ["median_income": 400])
        let cases: [(Double, Double?)] = [(0, 0), (199, 0), (200, 1.0 / 3), (399.9, 1.0 / 3), (400, 2.0 / 3), (600, 1), (1e9, 1), (-1, nil), (.nan, nil)]
        for (number, expected) in cases {
            #expect(relative.binScore(number) == expected, "\(number)")
            #expect(relative.bins()?.score(number) == expected, "\(number)")
        }
        let reversed = scorer(relativeTo: "median_income", reversed: true, parameters: ["median_income": 400])
        #expect(reversed.binScore(200) == 1 - 1.0 / 3)
        #expect(reversed.binScore(600) == 0)
        // Bounds in the number's own units without a parameter.
        #expect(scorer(relativeTo: nil, parameters: [:]).binScore(1.2) == 2.0 / 3)
    }

    @Test func noNumberScoresWithoutItsParameter() {
        #expect(scorer(relativeTo: "median_income", parameters: [:]).binScore(400) == nil)
        #expect(scorer(relativeTo: "median_income", parameters: ["median_income": 0]).binScore(400) == nil)
    }
}
