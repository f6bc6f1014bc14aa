import Foundation

/// Finds g = calibrated / design weight for every joint cell from the cells' weight totals,
/// by the study's method, as R's `survey` does: `postStratify` (one ratio per cell), `rake`
/// (sweeps of post-stratification over the margins), `calibrate` (Newton steps of `grake`
/// on the distance's Lagrange multipliers, with R's step halving, its rescaling of small
/// weights, and `trim =`). Replicate weights are calibrated with the same method again.
struct Calibrator: Sendable {
    let settings: CalibrationSettings
    let cells: CalibrationCells
    let model: CalibrationModel

    init(settings: CalibrationSettings, cells: CalibrationCells) {
        self.settings = settings
        self.cells = cells
        self.model = CalibrationModel(cells: cells, method: settings.method)
    }

    struct Fit: Sendable {
        var g: [Double]
        /// Sweeps (rake) or Newton steps (linear, raking, logit); 1 for poststratify.
        var iterations: Int
        /// Joint cells whose g was trimmed.
        var trimmedCells = 0
    }

    /// g per joint cell for weights summing to `totals` per joint cell. `sweeps` fixes the
    /// number of raking sweeps (replicates get as many as the full sample, as in R);
    /// `label` names the weights in messages.
    func fit(cellTotals totals: [Double], sweeps: Int? = nil, label: String? = nil) throws -> Fit {
        switch settings.method {
        case .poststratify:
            let current = cells.marginTotals(totals, margin: 0)
            let margin = cells.margins[0]
            for (k, weight) in current.enumerated() where !(weight > 0) {
                throw CalibrationError("\(label.map { "\($0): " } ?? "")margin \(margin.source): cell \(margin.cells[k].joined(separator: " × ")) has no weight to scale")
            }
            let factors = zip(margin.populations, current).map { $0 / $1 }
            return Fit(g: cells.marginCellOfCell[0].map { factors[Int($0)] }, iterations: 1)
        case .rake:
            return try rake(totals, sweeps: sweeps, label: label)
        case .linear, .raking, .logit:
            var fit = try regression(totals, label: label)
            if let trim = settings.trim { fit.trimmedCells = Self.trim(&fit.g, totals: totals, to: trim) }
            return fit
        }
    }

    /// Iterative proportional fitting: each sweep scales every margin's cells in turn to
    /// their populations; converged when every margin is within the tolerance.
    private func rake(_ totals: [Double], sweeps fixed: Int?, label: String?) throws -> Fit {
        var g = [Double](repeating: 1, count: cells.cellCount)
        var sweep = 0
        while true {
            sweep += 1
            for (m, margin) in cells.margins.enumerated() {
                let current = cells.marginTotals(zip(totals, g).map { $0 * $1 }, margin: m)
                let factors = zip(margin.populations, current).map { $1 > 0 ? $0 / $1 : .nan }
                for c in g.indices { g[c] *= factors[Int(cells.marginCellOfCell[m][c])] }
            }
            if let fixed {
                if sweep >= fixed { return Fit(g: g, iterations: sweep) }
                continue
            }
            let worst = worstMargin(totals: totals, g: g)
            if worst.misfit < settings.tolerance { return Fit(g: g, iterations: sweep) }
            if sweep >= settings.maxIterations || !worst.misfit.isFinite {
                throw CalibrationError("\(label.map { "\($0): " } ?? "")raking did not converge in \(sweep) sweeps: \(worst.text)")
            }
        }
    }

    /// R's `grake`: Newton steps on η for Σ w·g(x'η)·x = populations.
    private func regression(_ givenTotals: [Double], label: String?) throws -> Fit {
        let distance = Distance(method: settings.method, bounds: settings.bounds ?? -Double.infinity...Double.infinity)
        var totals = givenTotals
        var sampleTotals = model.totals(totals)
        // R scales weights up when they sum to under a twentieth of every population total
        // (bounds then apply to the scaled weights); its unbounded linear path does not.
        var scale: Double?
        if !(settings.method == .linear && settings.bounds == nil) {
            let scales = zip(model.populations, sampleTotals).map { $0 / $1 }
            if scales.allSatisfy({ $0 > 20 }) {
                let mean = scales.reduce(0, +) / Double(scales.count)
                scale = mean
                totals = totals.map { $0 * mean }
                sampleTotals = sampleTotals.map { $0 * mean }
            }
        }
        let size = model.size
        var eta = [Double](repeating: 0, count: size)
        var u = [Double](repeating: 0, count: cells.cellCount)
        func update() { for c in u.indices { u[c] = model.dot(c, eta) } }
        func misfit() -> [Double] {
            let fitted = model.totals(zip(totals, u).map { $0 * distance.offset($1) })
            return (0..<size).map { model.populations[$0] - sampleTotals[$0] - fitted[$0] }
        }
        func converged(_ misfit: [Double]) -> Bool {
            zip(misfit, model.populations).allSatisfy { abs($0) / (1 + abs($1)) < settings.tolerance }
        }
        var iterations = 1
        while true {
            let slopes = zip(totals, u).map { $0 * distance.slope($1) }
            var step = multiply(pseudoInverse(model.crossProduct(slopes), size: size), misfit())
            for k in 0..<size { eta[k] += step[k] }
            update()
            while iterations < settings.maxIterations, u.contains(where: { !distance.offset($0).isFinite || !distance.slope($0).isFinite }) {
                iterations += 1
                step = step.map { $0 / 2 }
                for k in 0..<size { eta[k] -= step[k] }
                update()
            }
            if converged(misfit()) { break }
            iterations += 1
            if iterations > settings.maxIterations {
                let g = u.map { (1 + distance.offset($0)) * (scale ?? 1) }
                let bounds = settings.bounds.map { " within bounds [\($0.lowerBound.formatted), \($0.upperBound.formatted)]" } ?? ""
                throw CalibrationError(
                    "\(label.map { "\($0): " } ?? "")\(settings.method.rawValue) calibration cannot meet the margins\(bounds) in \(settings.maxIterations) iterations: \(worstMargin(totals: givenTotals, g: g).text)")
            }
        }
        let g = u.map { (1 + distance.offset($0)) * (scale ?? 1) }
        return Fit(g: g, iterations: iterations)
    }

    /// R's `calibrate(trim =)`: g outside the bounds set to them, what was cut spread over the
    /// other cells in proportion to their design weights (once; they may then pass a bound).
    static func trim(_ g: inout [Double], totals: [Double], to bounds: ClosedRange<Double>) -> Int {
        let outside = g.map { !bounds.contains($0) }
        guard outside.contains(true) else { return 0 }
        var trimmings = 0.0
        var inside = 0.0
        for c in g.indices {
            if outside[c] {
                let clipped = min(max(g[c], bounds.lowerBound), bounds.upperBound)
                trimmings += (g[c] - clipped) * totals[c]
                g[c] = clipped
            } else {
                inside += totals[c]
            }
        }
        for c in g.indices where !outside[c] { g[c] += trimmings / inside }
        return outside.filter { $0 }.count
    }

    /// The margin cell furthest from its population, relative to 1 + population (R's measure).
    func worstMargin(totals: [Double], g: [Double]) -> (misfit: Double, text: String) {
        var worst = (misfit: -1.0, text: "")
        let weighted = zip(totals, g).map { $0 * $1 }
        for (m, margin) in cells.margins.enumerated() {
            for (k, achieved) in cells.marginTotals(weighted, margin: m).enumerated() {
                let population = margin.populations[k]
                let misfit = abs(achieved - population) / (1 + abs(population))
                if misfit > worst.misfit || misfit.isNaN {
                    let share = population > 0 ? String(format: " (%.2f%% off)", 100 * abs(achieved - population) / population) : ""
                    worst = (misfit.isNaN ? .infinity : misfit,
                        "the worst cell is \(margin.name) = \(margin.cells[k].joined(separator: " × ")), weighted to \(String(format: "%.1f", achieved)) against a population of \(population.formatted)\(share)")
                }
            }
        }
        return worst
    }
}

/// R's calibration distances as `calfun$Fm1` (g − 1 as a function of u = x'η) and `calfun$dF`
/// (its slope), including R's way of clipping at the bounds.
struct Distance: Sendable {
    let method: CalibrationMethod
    let lower: Double
    let upper: Double

    init(method: CalibrationMethod, bounds: ClosedRange<Double>) {
        self.method = method
        lower = bounds.lowerBound
        upper = bounds.upperBound
    }

    func offset(_ u: Double) -> Double {
        switch method {
        case .logit:
            let a = (upper - lower) / ((upper - 1) * (1 - lower))
            let e = exp(a * u)
            return (lower * (upper - 1) + upper * (1 - lower) * e) / (upper - 1 + (1 - lower) * e) - 1
        case .raking: return min(max(exp(u), lower), upper) - 1
        default: return min(max(u + 1, lower), upper) - 1
        }
    }

    func slope(_ u: Double) -> Double {
        switch method {
        case .logit:
            let a = (upper - lower) / ((upper - 1) * (1 - lower))
            let e = exp(a * u)
            let denominator = upper - 1 + (1 - lower) * e
            return upper * (1 - lower) * e * a / denominator - (lower * (upper - 1) + upper * (1 - lower) * e) * ((1 - lower) * e * a) / (denominator * denominator)
        case .raking: return u < upper - 1 && u > lower - 1 ? exp(u) : 0
        default: return u < upper - 1 && u > lower - 1 ? 1 : 0
        }
    }
}
