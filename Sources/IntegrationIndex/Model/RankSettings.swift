/// How `RankSensitivity` tests the order of the groups on the overall index and on M0: how
/// many draws, from which seed, how far each dimension's weight may move (a factor drawn
/// uniformly in `weightRange` for each dimension in each draw) and the lagging cut-offs.
public struct RankSettings: Sendable, Equatable {
    public var draws = 1000
    public var seed: UInt64 = 1
    public var weightRange: ClosedRange<Double> = 0.5...1.5
    /// How far the counting view's cut-offs may move (on the 0–1 scale), all together: one of
    /// −s, −s/2, 0, s/2, s in each draw.
    public var cutoffShift = 0.1

    public init() {}
}

extension Study {
    /// `"rankSensitivity": false`, or `{"draws", "seed", "weightRange": [low, high], "cutoffShift"}`.
    static func readRankSettings(_ reader: JSONReader) throws -> RankSettings? {
        if case .bool(let on) = reader.value { return on ? RankSettings() : nil }
        let object = try reader.object(allowing: ["draws", "seed", "weightRange", "cutoffShift"])
        var settings = RankSettings()
        if let value = object.optional("draws") {
            let draws = try value.number()
            guard draws >= 20, draws <= 100_000, draws == draws.rounded() else { throw value.error("expected a whole number of draws from 20 to 100000") }
            settings.draws = Int(draws)
        }
        if let value = object.optional("seed") {
            let seed = try value.number()
            guard seed >= 0, seed == seed.rounded(), seed < 9e15 else { throw value.error("expected a whole number ≥ 0") }
            settings.seed = UInt64(seed)
        }
        if let value = object.optional("weightRange") {
            let bounds = try value.array().map { try $0.number() }
            guard bounds.count == 2, bounds[0] > 0, bounds[0] <= bounds[1] else {
                throw value.error("expected [low, high]: factors of each dimension's weight, 0 < low ≤ high")
            }
            settings.weightRange = bounds[0]...bounds[1]
        }
        if let value = object.optional("cutoffShift") {
            let shift = try value.number()
            guard shift >= 0, shift <= 0.5 else { throw value.error("expected a shift of the cut-offs from 0 to 0.5 (the score scale)") }
            settings.cutoffShift = shift
        }
        return settings
    }
}
