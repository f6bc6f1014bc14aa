/// The counting view's sums over one partition for all its measures, in one pass over the
/// rows, read straight from the lagging profiles: no column of a million values is made per
/// measure, and the rows are read once instead of once per measure (what made the view cost
/// as much as all the rest of a run). Gives for each measure the `DomainSums` that
/// `DomainSums.add` would give its column.
struct CountingSums {
    /// One measure at the k of index `k` in the k list.
    enum Measure: Sendable {
        /// 1 when identified (lagging overall), else 0.
        case identified(k: Int)
        /// c(k): the share lagged when identified, else 0.
        case censoredShare(k: Int)
        /// The ratio c(k) / 1{identified}: A.
        case intensity(k: Int)
        /// 1 when lagging in dimension j.
        case lagging(dimension: Int)
        /// 1 when lagging in dimension j and identified.
        case censored(dimension: Int, k: Int)
        /// The ratio w_j·1{lagging in j, identified} / c(k): j's contribution to M0.
        case contribution(dimension: Int, k: Int)

        var isRatio: Bool {
            switch self {
            case .intensity, .contribution: true
            default: false
            }
        }
    }

    /// The value and denominator of `measure` for a respondent with lagging `mask` and share
    /// `share`, with `identified[k]` for each k.
    private static func value(of measure: Measure, mask: UInt32, share: Double, identified: [Bool], weights: [Double]) -> (Double, Double) {
        switch measure {
        case .identified(let k): return (identified[k] ? 1 : 0, 0)
        case .censoredShare(let k): return (identified[k] ? share : 0, 0)
        case .intensity(let k): return (identified[k] ? share : 0, identified[k] ? 1 : 0)
        case .lagging(let j): return (mask & (1 << UInt32(j)) != 0 ? 1 : 0, 0)
        case .censored(let j, let k): return (identified[k] && mask & (1 << UInt32(j)) != 0 ? 1 : 0, 0)
        case .contribution(let j, let k):
            return (identified[k] && mask & (1 << UInt32(j)) != 0 ? weights[j] : 0, identified[k] ? share : 0)
        }
    }

    static func sums(
        of measures: [Measure], profiles: LaggingProfiles, kValues: [Double], weights: [Double], unitOfRow: [Int32], domainOfRow: [Int32],
        domainCount: Int, unitCount: Int
    ) -> [DomainSums] {
        let cells = domainCount * unitCount
        let masks = 1 << profiles.dimensionKeys.count
        if masks <= 256, cells * masks <= 1 << 22 {
            return byProfile(
                of: measures, profiles: profiles, kValues: kValues, weights: weights, unitOfRow: unitOfRow, domainOfRow: domainOfRow,
                domainCount: domainCount, unitCount: unitCount)
        }
        // Every measure has a value on the same rows (those with a profile): Σw and n are shared.
        var weight = [Double](repeating: 0, count: cells)
        var count = [Int](repeating: 0, count: domainCount)
        var weightedValue = [Double](repeating: 0, count: measures.count * cells)
        var weightedDenominator = [Double](repeating: 0, count: measures.count * cells)
        var weightedSquare = [Double](repeating: 0, count: measures.count * domainCount)
        var identified = [Bool](repeating: false, count: kValues.count)
        let thresholds = kValues.map { $0 - LaggingProfiles.tolerance }
        let dimensionWeights = profiles.weights
        for row in 0..<weights.count {
            let share = profiles.shares[row]
            if share.isNaN { continue }
            let mask = profiles.lagging[row]
            let d = Int(domainOfRow[row])
            let cell = d * unitCount + Int(unitOfRow[row])
            let w = weights[row]
            weight[cell] += w
            count[d] += 1
            for k in kValues.indices { identified[k] = share >= thresholds[k] }
            for (m, measure) in measures.enumerated() {
                let (value, denominator) = Self.value(of: measure, mask: mask, share: share, identified: identified, weights: dimensionWeights)
                weightedValue[m * cells + cell] += w * value
                weightedDenominator[m * cells + cell] += w * denominator
                weightedSquare[m * domainCount + d] += w * value * value
            }
        }
        return assemble(
            measures: measures, domainCount: domainCount, unitCount: unitCount, weight: weight, count: count, weightedValue: weightedValue,
            weightedDenominator: weightedDenominator, weightedSquare: weightedSquare)
    }

    /// Every measure is a function of the respondent's profile (the share is the sum of the
    /// weights of the dimensions lagged), so with few dimensions the rows are only counted
    /// into (cell, profile) bins, one addition per row, and each measure's sums are read off
    /// the bins. The sums equal the row-by-row ones but for the order of the additions.
    private static func byProfile(
        of measures: [Measure], profiles: LaggingProfiles, kValues: [Double], weights: [Double], unitOfRow: [Int32], domainOfRow: [Int32],
        domainCount: Int, unitCount: Int
    ) -> [DomainSums] {
        let cells = domainCount * unitCount
        let dimensions = profiles.dimensionKeys.count
        let masks = 1 << dimensions
        var bins = [Double](repeating: 0, count: cells * masks)
        var weight = [Double](repeating: 0, count: cells)
        var count = [Int](repeating: 0, count: domainCount)
        let rows = weights.count
        precondition(
            profiles.shares.count == rows && profiles.lagging.count == rows && unitOfRow.count == rows && domainOfRow.count == rows,
            "the counting view's columns differ in length")
        // Through plain pointers, with the row's domain and cell checked once each (they
        // come from the partition and the design); no count can overflow (one per row).
        bins.withUnsafeMutableBufferPointer { bins in
            weight.withUnsafeMutableBufferPointer { weight in
                count.withUnsafeMutableBufferPointer { count in
                    profiles.shares.withUnsafeBufferPointer { shares in
                        profiles.lagging.withUnsafeBufferPointer { lagging in
                            weights.withUnsafeBufferPointer { w in
                                domainOfRow.withUnsafeBufferPointer { domain in
                                    unitOfRow.withUnsafeBufferPointer { unit in
                                        for row in 0..<rows where !shares[row].isNaN {
                                            let d = Int(domain[row])
                                            let cell = d &* unitCount &+ Int(unit[row])
                                            precondition(UInt(bitPattern: d) < UInt(domainCount) && UInt(bitPattern: cell) < UInt(cells), "a row's cell is outside the sums")
                                            bins[cell &* masks &+ Int(lagging[row])] += w[row]
                                            weight[cell] += w[row]
                                            count[d] &+= 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Each profile's share, summed in the order `LaggingProfiles` sums it, and each
        // measure's value and denominator for it.
        let thresholds = kValues.map { $0 - LaggingProfiles.tolerance }
        var values = [Double](repeating: 0, count: measures.count * masks)
        var denominators = values
        for mask in 0..<masks {
            var share = 0.0
            for j in 0..<dimensions where mask & (1 << j) != 0 { share += profiles.weights[j] }
            let identified = thresholds.map { share >= $0 }
            for (m, measure) in measures.enumerated() {
                (values[m * masks + mask], denominators[m * masks + mask]) = value(
                    of: measure, mask: UInt32(mask), share: share, identified: identified, weights: profiles.weights)
            }
        }
        var weightedValue = [Double](repeating: 0, count: measures.count * cells)
        var weightedDenominator = weightedValue
        var weightedSquare = [Double](repeating: 0, count: measures.count * domainCount)
        // Every index below is in range by construction (cell < cells, mask < masks,
        // m < measures): plain pointers, no checks.
        let measureCount = measures.count
        bins.withUnsafeBufferPointer { bins in
            values.withUnsafeBufferPointer { values in
                denominators.withUnsafeBufferPointer { denominators in
                    weightedValue.withUnsafeMutableBufferPointer { weightedValue in
                        weightedDenominator.withUnsafeMutableBufferPointer { weightedDenominator in
                            weightedSquare.withUnsafeMutableBufferPointer { weightedSquare in
                                // A cell's profiles with weight, then each measure's three sums over
                                // them in registers, each adding the profiles in the same order as
                                // a measure at a time inside the profiles' loop did (the square's
                                // sum carried on from the cell before): the same bits, where every
                                // addition was a load and a store.
                                var filled = [(mask: Int, weight: Double)]()
                                filled.reserveCapacity(masks)
                                for cell in 0..<cells {
                                    let d = cell / unitCount
                                    filled.removeAll(keepingCapacity: true)
                                    for mask in 0..<masks {
                                        let w = bins[cell &* masks &+ mask]
                                        if w != 0 { filled.append((mask, w)) }
                                    }
                                    guard !filled.isEmpty else { continue }
                                    filled.withUnsafeBufferPointer { filled in
                                        for m in 0..<measureCount {
                                            var value = weightedValue[m &* cells &+ cell]
                                            var denominator = weightedDenominator[m &* cells &+ cell]
                                            var square = weightedSquare[m &* domainCount &+ d]
                                            let measureValues = values.baseAddress! + m &* masks
                                            let measureDenominators = denominators.baseAddress! + m &* masks
                                            for (mask, w) in filled {
                                                let v = measureValues[mask]
                                                value += w * v
                                                denominator += w * measureDenominators[mask]
                                                square += w * v * v
                                            }
                                            weightedValue[m &* cells &+ cell] = value
                                            weightedDenominator[m &* cells &+ cell] = denominator
                                            weightedSquare[m &* domainCount &+ d] = square
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return assemble(
            measures: measures, domainCount: domainCount, unitCount: unitCount, weight: weight, count: count, weightedValue: weightedValue,
            weightedDenominator: weightedDenominator, weightedSquare: weightedSquare)
    }

    /// Each measure's sums per (domain, calibration cell) for a calibrated design's residuals
    /// (`CalibrationResiduals.sums` of its column), counted into (domain, cell, profile) bins
    /// as `byProfile` does; `nil` when there are too many profiles or bins for that.
    static func calibrationSums(
        of measures: [Measure], profiles: LaggingProfiles, kValues: [Double], calibration: CalibrationResiduals, domainOfRow: [Int32], domainCount: Int
    ) -> [CalibrationResiduals.Sums]? {
        let dimensions = profiles.dimensionKeys.count
        let masks = 1 << dimensions
        let cells = domainCount * calibration.cellCount
        guard masks <= 256, cells * masks <= 1 << 22 else { return nil }
        var bins = [Double](repeating: 0, count: cells * masks)
        let cellOfRow = calibration.cellOfRow, sumWeights = calibration.sumWeights, cellCount = calibration.cellCount
        for row in 0..<profiles.count where !profiles.shares[row].isNaN {
            let cell = Int(domainOfRow[row]) * cellCount + Int(cellOfRow[row])
            bins[cell * masks + Int(profiles.lagging[row])] += sumWeights?[row] ?? 1
        }
        let thresholds = kValues.map { $0 - LaggingProfiles.tolerance }
        return measures.map { measure in
            var values = [Double](repeating: 0, count: masks)
            var denominators = values
            for mask in 0..<masks {
                var share = 0.0
                for j in 0..<dimensions where mask & (1 << j) != 0 { share += profiles.weights[j] }
                (values[mask], denominators[mask]) = value(
                    of: measure, mask: UInt32(mask), share: share, identified: thresholds.map { share >= $0 }, weights: profiles.weights)
            }
            var sums = CalibrationResiduals.Sums(
                value: [Double](repeating: 0, count: cells), weight: [Double](repeating: 0, count: cells),
                denominator: measure.isRatio ? [Double](repeating: 0, count: cells) : [])
            for cell in 0..<cells {
                for mask in 0..<masks {
                    let a = bins[cell * masks + mask]
                    guard a != 0 else { continue }
                    sums.value[cell] += a * values[mask]
                    sums.weight[cell] += a
                    if measure.isRatio { sums.denominator[cell] += a * denominators[mask] }
                }
            }
            return sums
        }
    }

    private static func assemble(
        measures: [Measure], domainCount: Int, unitCount: Int, weight: [Double], count: [Int], weightedValue: [Double],
        weightedDenominator: [Double], weightedSquare: [Double]
    ) -> [DomainSums] {
        let cells = domainCount * unitCount
        return measures.indices.map { m in
            var sums = DomainSums(domainCount: domainCount, unitCount: unitCount)
            sums.weight = weight
            sums.count = count
            sums.weightedValue = Array(weightedValue[m * cells..<(m + 1) * cells])
            sums.weightedSquare = Array(weightedSquare[m * domainCount..<(m + 1) * domainCount])
            if measures[m].isRatio { sums.weightedDenominator = Array(weightedDenominator[m * cells..<(m + 1) * cells]) }
            return sums
        }
    }
}
