import CVectorSums
import Testing
@testable import IntegrationIndex

/// Ranks' M0 numerator (`integra_profile_sums8`, in C) against the Swift loop it replaced,
/// bit for bit, in both of its variants (AVX2, which this machine's and CI's processors
/// have, and the baseline for any other): the rank intervals are made from thousands of
/// these, and a run's outputs must not change with the processor.
@Suite struct ProfileSumsTests {
    /// The loop as `RankLaggingCells.adjustedHeadcount` had it in Swift: eight running sums in
    /// a `SIMD8<Double>`, `sum()` of them per PSU, times the PSU's multiplier, PSUs in order.
    static func swiftSums(table: [Double], censored: [Double], multipliers: [Double]?, psuCount: Int, profiles: Int) -> Double {
        var numerator = 0.0
        table.withUnsafeBufferPointer { table in
            censored.withUnsafeBufferPointer { censored in
                let base = UnsafeRawPointer(table.baseAddress!)
                let shares = UnsafeRawPointer(censored.baseAddress!)
                for psu in 0..<psuCount {
                    let multiplier = multipliers?[psu] ?? 1
                    if multiplier == 0 { continue }
                    var sum = SIMD8<Double>()
                    for block in stride(from: 0, to: profiles, by: 8) {
                        let weights = base.loadUnaligned(fromByteOffset: (psu * profiles + block) * 8, as: SIMD8<Double>.self)
                        sum += shares.loadUnaligned(fromByteOffset: block * 8, as: SIMD8<Double>.self) * weights
                    }
                    numerator += multiplier * sum.sum()
                }
            }
        }
        return numerator
    }

    @Test(arguments: [(1, 8), (7, 16), (70, 128), (33, 256)])
    func bothVariantsSumAsTheSwiftLoop(psuCount: Int, profiles: Int) {
        var random = SeededGenerator(seed: UInt64(psuCount * 1000 + profiles))
        // Weights of every size, many cells empty (a PSU lacks most profiles); shares of
        // profiles below k are 0; multipliers as a bootstrap's counts and as fractions.
        let table = (0..<(psuCount * profiles)).map { _ in random.next() % 3 == 0 ? 0 : Double(random.next() % 1_000_000) / Double(1 + random.next() % 997) }
        let censored = (0..<profiles).map { _ in random.next() % 4 == 0 ? 0 : Double(random.next() % 1_000) / 1_000 }
        let counts = (0..<psuCount).map { _ in Double(random.next() % 4) }
        let fractions = (0..<psuCount).map { _ in Double(random.next() % 1_000) / 500 }
        for multipliers in [nil, counts, fractions] {
            let expected = Self.swiftSums(table: table, censored: censored, multipliers: multipliers, psuCount: psuCount, profiles: profiles)
            for variant in [integra_profile_sums8, integra_profile_sums8_baseline] {
                let sum = multipliers.map { multipliers in
                    variant(table, censored, multipliers, psuCount, profiles)
                } ?? variant(table, censored, nil, psuCount, profiles)
                #expect(sum.bitPattern == expected.bitPattern, "\(psuCount) PSUs, \(profiles) profiles: \(sum) against \(expected)")
            }
        }
    }

    /// A PSU left out of a draw (multiplier 0) is not read: a NaN in its cells changes nothing.
    @Test func aPSULeftOutIsNotRead() {
        var table = [Double](repeating: 1, count: 3 * 8)
        for profile in 8..<16 { table[profile] = .nan }
        let censored = [Double](repeating: 0.5, count: 8)
        #expect(integra_profile_sums8(table, censored, [1, 0, 2], 3, 8) == 12)
        #expect(integra_profile_sums8_baseline(table, censored, [1, 0, 2], 3, 8) == 12)
    }
}
