/// A sampling design resolved to integers: each row's weight and PSU, each PSU's stratum,
/// each stratum's PSU count and sampling fraction. Built once; every estimate reuses it.
public struct SurveyDesign: Sendable {
    public struct Stratum: Sendable {
        public var name: String
        /// PSUs sampled in the stratum (the whole design's, whatever the domain).
        public var psuCount: Int
        /// n_h / N_h from the first-stage fpc; 0 without fpc.
        public var samplingFraction: Double
    }

    public let weights: [Double]
    /// Each row's PSU, numbered 0..<psuCount across the whole design.
    public let psuOfRow: [Int32]
    public let stratumOfPSU: [Int32]
    public let strata: [Stratum]
    public let lonelyPSU: LonelyPSUPolicy
    public var rowCount: Int { weights.count }
    public var psuCount: Int { stratumOfPSU.count }

    /// Builds a design from columns; `strata` and `clusters` may be absent (one stratum;
    /// each row its own PSU). `fpc` holds one value per row, constant within a stratum.
    public init(
        weights: [Double], strata: CategoricalColumn?, clusters: CategoricalColumn?, fpc: [Double]?,
        nest: Bool, lonelyPSU: LonelyPSUPolicy,
        names: (strata: String, cluster: String, fpc: String) = ("strata", "psu", "fpc")
    ) throws {
        let rows = weights.count
        let stratumOfRow: [Int32] = strata?.codes ?? [Int32](repeating: 0, count: rows)
        let strataNames = strata?.levels ?? ["(all)"]
        var psuOfRow = [Int32](repeating: 0, count: rows)
        var stratumOfPSU: [Int32] = []
        if let clusters {
            // Key a PSU by (stratum, id) when nested, by id alone otherwise.
            var psuIndex: [Int64: Int32] = [:]
            for row in 0..<rows {
                let stratum = stratumOfRow[row]
                let key = nest ? Int64(stratum) << 32 | Int64(clusters.codes[row]) : Int64(clusters.codes[row])
                if let index = psuIndex[key] {
                    psuOfRow[row] = index
                    let other = stratumOfPSU[Int(index)]
                    if other != stratum {
                        throw DesignError(
                            "clusters not nested in strata: \(names.cluster) \"\(clusters.levels[Int(clusters.codes[row])])\" is in \(names.strata) \"\(strataNames[Int(other)])\" and \"\(strataNames[Int(stratum)])\" (use --nest if ids restart within strata)")
                    }
                } else {
                    let index = Int32(stratumOfPSU.count)
                    psuIndex[key] = index
                    stratumOfPSU.append(stratum)
                    psuOfRow[row] = index
                }
            }
        } else {
            for row in 0..<rows { psuOfRow[row] = Int32(row) }
            stratumOfPSU = stratumOfRow
        }

        var psuCounts = [Int](repeating: 0, count: strataNames.count)
        for stratum in stratumOfPSU { psuCounts[Int(stratum)] += 1 }
        var fractions = [Double](repeating: 0, count: strataNames.count)
        if let fpc {
            var seen = [Double](repeating: .nan, count: strataNames.count)
            for row in 0..<rows {
                let h = Int(stratumOfRow[row])
                if seen[h].isNaN {
                    seen[h] = fpc[row]
                } else if seen[h] != fpc[row] {
                    throw DesignError("\(names.fpc) varies within \(names.strata) \"\(strataNames[h])\": \(seen[h].formatted) and \(fpc[row].formatted)")
                }
            }
            for h in strataNames.indices where psuCounts[h] > 0 {
                let value = seen[h]
                if value >= 1 {
                    guard value >= Double(psuCounts[h]) else {
                        throw DesignError("\(names.fpc) in \(names.strata) \"\(strataNames[h])\" is \(value.formatted), smaller than the \(psuCounts[h]) sampled PSUs")
                    }
                    fractions[h] = Double(psuCounts[h]) / value
                } else {
                    fractions[h] = value
                }
            }
        }
        if lonelyPSU == .fail, let h = psuCounts.firstIndex(of: 1) {
            throw DesignError("\(names.strata) \"\(strataNames[h])\" has only one PSU: its variance cannot be estimated (choose a lonely-PSU policy: remove, certainty, adjust or average)")
        }
        self.weights = weights
        self.psuOfRow = psuOfRow
        self.stratumOfPSU = stratumOfPSU
        self.strata = strataNames.indices.map { Stratum(name: strataNames[$0], psuCount: psuCounts[$0], samplingFraction: fractions[$0]) }
        self.lonelyPSU = lonelyPSU
    }

    /// The linearization variance from PSU totals of the linearized values
    /// (`survey-statistics.md`, steps 3–4, with the lonely-PSU policy).
    public func variance(psuTotals z: [Double]) -> Double {
        var sums = [Double](repeating: 0, count: strata.count)
        for (psu, stratum) in stratumOfPSU.enumerated() { sums[Int(stratum)] += z[psu] }
        var squares = [Double](repeating: 0, count: strata.count)
        for (psu, stratum) in stratumOfPSU.enumerated() {
            let h = Int(stratum)
            let centred = z[psu] - sums[h] / Double(strata[h].psuCount)
            squares[h] += centred * centred
        }
        let grandMean = z.reduce(0, +) / Double(max(psuCount, 1))
        var variance = 0.0
        var strataWithVariance = 0
        var strataPresent = 0
        for (h, stratum) in strata.enumerated() where stratum.psuCount > 0 {
            strataPresent += 1
            let n = Double(stratum.psuCount)
            if stratum.psuCount > 1 {
                strataWithVariance += 1
                variance += (1 - stratum.samplingFraction) * n / (n - 1) * squares[h]
            } else if lonelyPSU == .adjust {
                let centred = sums[h] - grandMean
                variance += (1 - stratum.samplingFraction) * centred * centred
            }
        }
        if lonelyPSU == .average && strataWithVariance > 0 {
            variance *= Double(strataPresent) / Double(strataWithVariance)
        }
        return variance
    }
}
