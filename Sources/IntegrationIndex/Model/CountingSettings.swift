/// The study's settings for the counting view (Alkire–Foster, `index-method.md`, "Further
/// methods"): below which score a respondent lags in a dimension, and in how large a share
/// of the index's dimension weight one must lag to count as lagging overall.
public struct CountingSettings: Sendable, Equatable {
    /// The lagging cut-off on the 0–1 scale, for every dimension not in `cutoffs`.
    public var cutoff = 0.5
    /// Cut-offs of single dimensions, by dimension key.
    public var cutoffs: [String: Double] = [:]
    /// The identification threshold k, as a share of the in-index dimension weight: a third
    /// by default (with seven equal dimensions, lagging in three or more).
    public var k = 1.0 / 3
    /// Further values of k for the robustness table (k itself is always in it).
    public var robustnessK: [Double] = [0.25, 0.5]

    public init() {}

    /// The cut-off of a dimension.
    public func cutoff(of dimension: String) -> Double { cutoffs[dimension] ?? cutoff }

    /// k and the robustness values, ascending, each once.
    public var allK: [Double] { Array(Set(robustnessK + [k])).sorted() }
}

extension CountingSettings {
    /// Cut-offs must name index dimensions of the instrument.
    func check(against instrument: Instrument, study: Study) throws {
        let keys = Set(instrument.indexDimensions.map(\.key))
        if let unknown = cutoffs.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ConfigurationError(
                file: study.studyURL.path, path: "$.counting.cutoffs.\(unknown)",
                message: "no dimension of the index has this key (\(keys.sorted().joined(separator: ", ")))")
        }
    }
}
