import Foundation

/// The counting view of the respondent scores (Alkire–Foster, `index-method.md`, "Further
/// methods"): in which of the index's dimensions each respondent lags (a score below the
/// dimension's cut-off) and the weighted share of dimensions lagged. Made from
/// `RespondentScores`; estimation turns it into H, A, M0 and each dimension's part.
///
/// Weights are the instrument's in-index dimension weights, scaled to add up to 1, so k is a
/// share of the index's weight. A respondent missing a dimension's score has no profile (as
/// in multidimensional poverty measures, where a person with a missing indicator is left
/// out); `complete` says how many have one.
public struct LaggingProfiles: Sendable {
    public let dimensionKeys: [String]
    /// Each dimension's weight, adding up to 1.
    public let weights: [Double]
    public let cutoffs: [Double]
    /// Bit j set: lagging in dimension j. Meaningless where `shares` is NaN.
    public let lagging: [UInt32]
    /// The weighted share of dimensions lagged, c_i in [0, 1]; NaN without a profile.
    public let shares: [Double]

    /// Shares equal to k up to rounding count as reaching it (2/7 summed from two sevenths may
    /// fall a hair below 2/7), and a score equal to its cut-off up to rounding is not below it
    /// (the mean of 1/3 and 2/3 may fall a hair below 0.5).
    static let tolerance = 1e-9

    public init(scores: RespondentScores, instrument: Instrument, settings: CountingSettings) {
        let dimensions = instrument.dimensions.enumerated().filter { $0.element.inIndex }
        self.init(
            dimensionKeys: dimensions.map(\.element.key), weights: dimensions.map(\.element.weight),
            cutoffs: dimensions.map { settings.cutoff(of: $0.element.key) }, scores: dimensions.map { scores.dimensions[$0.offset] })
    }

    /// Profiles from dimension scores on the 0–1 scale (`scores[j][row]`); `weights` are
    /// scaled to add up to 1.
    init(dimensionKeys: [String], weights: [Double], cutoffs: [Double], scores: [[Double]]) {
        precondition(dimensionKeys.count <= 32, "more than 32 index dimensions")
        let totalWeight = weights.reduce(0, +)
        let rows = scores.first?.count ?? 0
        self.dimensionKeys = dimensionKeys
        profileTexts = dimensionKeys.count <= 12 ? (0..<(1 << dimensionKeys.count)).map { Self.text(of: UInt32($0), keys: dimensionKeys) } : []
        self.weights = weights.map { $0 / totalWeight }
        self.cutoffs = cutoffs
        var lagging = [UInt32](repeating: 0, count: rows)
        var shares = [Double](repeating: 0, count: rows)
        let weights = self.weights
        lagging.withUnsafeMutableBufferPointer { lagging in
            shares.withUnsafeMutableBufferPointer { shares in
                // The rows in one range per core, each writing only its own; a row still adds
                // its dimensions in order.
                nonisolated(unsafe) let (lagging, shares) = (lagging, shares)
                let ranges = RowRanges.perCore(rows)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
                    for j in dimensionKeys.indices {
                        let cutoff = cutoffs[j]
                        let weight = weights[j]
                        scores[j].withUnsafeBufferPointer { column in
                            // With no branch on the score (whether it is below the cut-off is
                            // a coin toss the processor cannot predict): a row not lagging adds
                            // zero, which leaves its share as it is (never −0), and a NaN share
                            // stays NaN.
                            let threshold = cutoff - Self.tolerance
                            for row in ranges[part] {
                                let score = column[row]
                                let below = score < threshold
                                lagging[row] |= UInt32(unsafeBitCast(below, to: UInt8.self)) &<< UInt32(j)
                                shares[row] = score.isNaN ? .nan : shares[row] + (below ? weight : 0)
                            }
                        }
                    }
                }
            }
        }
        self.lagging = lagging
        self.shares = shares
    }

    public var count: Int { shares.count }

    /// Respondents with a profile (every index dimension scored).
    public var complete: Int { shares.lazy.filter { !$0.isNaN }.count }

    /// 1 for a respondent lagging in at least a share k of the weight, 0 otherwise; NaN
    /// without a profile.
    public func identified(k: Double) -> [Double] {
        shares.map { $0.isNaN ? .nan : ($0 >= k - Self.tolerance ? 1 : 0) }
    }

    /// c_i(k): the share for the identified, 0 for the others (the censored share).
    public func censoredShares(k: Double) -> [Double] {
        shares.map { $0.isNaN ? .nan : ($0 >= k - Self.tolerance ? $0 : 0) }
    }

    /// 1 where lagging in dimension j (and, when `censoredAt` is given, identified at that
    /// k), 0 elsewhere, NaN without a profile; times `scale`.
    public func lagging(in j: Int, censoredAt k: Double? = nil, scale: Double = 1) -> [Double] {
        let bit = UInt32(1) << UInt32(j)
        return (0..<count).map { row in
            let share = shares[row]
            if share.isNaN { return .nan }
            if let k, share < k - Self.tolerance { return 0 }
            return lagging[row] & bit != 0 ? scale : 0
        }
    }

    /// The profile as text for respondents.csv: the keys of the dimensions lagged, joined
    /// by `|`; empty when lagging in none, `nil` without a profile.
    public func profile(_ row: Int) -> String? {
        shares[row].isNaN ? nil : profile(mask: lagging[row])
    }

    /// The profile of a `lagging` mask: the dimensions lagged, joined by `|`.
    public func profile(mask: UInt32) -> String {
        mask < UInt32(profileTexts.count) ? profileTexts[Int(mask)] : Self.text(of: mask, keys: dimensionKeys)
    }

    /// The text of every profile, by mask, for up to 12 dimensions: a million respondents
    /// have at most 4,096 different profiles, so each text is made once.
    private let profileTexts: [String]

    private static func text(of mask: UInt32, keys: [String]) -> String {
        keys.indices.filter { mask & (UInt32(1) << UInt32($0)) != 0 }.map { keys[$0] }.joined(separator: "|")
    }
}
