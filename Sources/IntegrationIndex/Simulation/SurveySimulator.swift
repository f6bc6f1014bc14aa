import Foundation

/// Writes a realistic survey for a study: strata and PSUs with an fpc, unequal weights,
/// group columns, answers driven by a latent integration level that carries the study's
/// known group effects, and 2–4% non-answers. Demos, tests and benchmarks run on it.
public struct SurveySimulator: Sendable {
    public let study: Study
    public let instrument: Instrument
    public let settings: SimulationSettings

    public init(study: Study, instrument: Instrument) {
        self.study = study
        self.instrument = instrument
        self.settings = study.simulation ?? Self.defaultSettings
    }

    /// Settings for a study without a `simulation` section.
    public static let defaultSettings = SimulationSettings(
        psusPerStratum: 6...10, populationPSUsPerStratum: 200, shares: [:], numbers: [:], effects: [])

    /// A column the simulator writes and how its value is drawn.
    private enum Source {
        case id, stratum, psu, fpc, weight
        case categorical([String], [Double])
        case number(SimulationSettings.NumberDistribution)
        case routing(skip: String)
        case item(Item, dimension: Int)
    }

    /// The strata names: the listed values of the group on the strata column, if any.
    private var strataNames: [String] {
        guard let column = study.design.strata else { return ["1"] }
        for group in study.groups {
            if case .categorical(column, let values) = group.kind, !values.isEmpty { return values.map(\.value) }
        }
        return (1...4).map { "S\($0)" }
    }

    private func columns() -> [(name: String, source: Source)] {
        var result: [(String, Source)] = [(study.idColumn ?? "_uuid", .id)]
        let design = study.design
        if let strata = design.strata { result.append((strata, .stratum)) }
        if let psu = design.clusters.first { result.append((psu, .psu)) }
        if let fpc = design.fpc.first { result.append((fpc, .fpc)) }
        if let weight = design.weight { result.append((weight, .weight)) }
        func has(_ name: String) -> Bool { result.contains { $0.0 == name } }
        for group in study.groups {
            switch group.kind {
            case .categorical(let column, let values) where !has(column):
                let names = values.isEmpty ? ["A", "B"] : values.map(\.value)
                let shares = settings.shares[column] ?? [:]
                result.append((column, .categorical(names, names.map { shares[$0] ?? 1 })))
            case .bands(let column, _) where !has(column):
                let distribution = settings.numbers[column] ?? .init(minimum: 18, maximum: 80, mean: 20, integer: true)
                result.append((column, .number(distribution)))
            default: break
            }
        }
        for item in instrument.items {
            if let routing = item.routing, !has(routing.column), instrument.item(column: routing.column) == nil {
                if let shares = settings.shares[routing.column] {
                    let names = shares.keys.sorted()
                    result.append((routing.column, .categorical(names, names.map { shares[$0]! })))
                } else {
                    result.append((routing.column, .routing(skip: routing.skippedWhen[0])))
                }
            }
        }
        for (d, dimension) in instrument.dimensions.enumerated() {
            for item in dimension.items where !has(item.column) { result.append((item.column, .item(item, dimension: d))) }
        }
        return result
    }

    /// Writes `respondents` rows of CSV to `url`.
    /// `populationSeed` draws the population (its PSUs, their sizes and effects, the
    /// dimensions' offsets) and `seed` the respondents; the same population seed with
    /// another seed is a new wave of the same survey. By default both are `seed`.
    public func write(respondents: Int, seed: UInt64, populationSeed: UInt64? = nil, to url: URL) throws {
        var generator = SeededGenerator(seed: populationSeed ?? seed)
        let columns = columns()
        let strata = strataNames
        // Design: PSUs per stratum, respondents spread over PSUs, weights from the inclusion
        // probabilities with a non-response adjustment.
        let psuCounts = strata.map { _ in settings.psusPerStratum.lowerBound + Int(generator.uniform() * Double(settings.psusPerStratum.count)) }
        let stratumShares = strata.map { _ in 0.5 + generator.uniform() }
        let totalPSUs = psuCounts.reduce(0, +)
        let perPSU = max(1, respondents / totalPSUs)
        var psus: [(stratum: Int, index: Int, effect: Double, weight: Double)] = []
        for (h, count) in psuCounts.enumerated() {
            for k in 0..<count {
                let households = 400 * stratumShares[h] * (0.6 + 0.8 * generator.uniform())
                let weight = Double(settings.populationPSUsPerStratum) / Double(count) * households / Double(perPSU)
                psus.append((h, k + 1, 0.05 * generator.normal(), weight))
            }
        }
        let dimensionOffsets = instrument.dimensions.map { _ in 0.16 * (generator.uniform() - 0.5) }
        if let populationSeed, populationSeed != seed { generator = SeededGenerator(seed: seed) }

        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { try? handle.close() }
        var writer = CSVWriter()
        writer.writeRow(columns.map(\.name))
        var values = [String](repeating: "", count: columns.count)
        var numbers: [String: Double] = [:]
        var texts: [String: String] = [:]
        for row in 0..<respondents {
            let psu = psus[min(row / perPSU, psus.count - 1)]
            numbers.removeAll(keepingCapacity: true)
            texts.removeAll(keepingCapacity: true)
            // Group columns first: the latent level depends on them.
            for (index, column) in columns.enumerated() {
                switch column.source {
                case .id: values[index] = String(format: "R%07d", row + 1)
                case .stratum: values[index] = strata[psu.stratum]
                case .psu: values[index] = study.design.nest ? String(psu.index) : "\(strata[psu.stratum])-\(psu.index)"
                case .fpc: values[index] = String(settings.populationPSUsPerStratum)
                case .weight: values[index] = String(format: "%.4f", psu.weight * (0.8 + 0.45 * generator.uniform()))
                case .categorical(let names, let shares): values[index] = names[generator.pick(weights: shares)]
                case .number(let distribution):
                    var x = distribution.minimum - distribution.mean * log(max(generator.uniform(), 1e-12))
                    x = min(x, distribution.maximum)
                    if distribution.integer { x = x.rounded(.down) }
                    numbers[column.name] = x
                    values[index] = distribution.integer ? String(Int(x)) : String(format: "%.1f", x)
                case .routing(let skip): values[index] = generator.uniform() < 0.1 ? skip : "0"
                case .item: continue
                }
                texts[column.name] = values[index]
            }
            var latent = 0.52 + psu.effect + 0.11 * generator.normal()
            for effect in settings.effects {
                switch effect {
                case .category(let column, let value, let shift): if texts[column] == value { latent += shift }
                case .slope(let column, let perUnit, let cap): if let x = numbers[column] { latent += perUnit * min(x, cap) }
                }
            }
            var dimensionLevels = dimensionOffsets.map { latent + $0 + 0.08 * generator.normal() }
            for (index, column) in columns.enumerated() {
                guard case .item(let item, let d) = column.source else { continue }
                if let routing = item.routing, routing.skippedWhen.contains(texts[routing.column] ?? "") {
                    values[index] = ""
                    continue
                }
                let draw = generator.uniform()
                if draw < 0.012 {
                    values[index] = ""
                } else if draw < 0.03 {
                    values[index] = item.nonAnswers.isEmpty ? "" : item.nonAnswers[generator.pick(weights: item.nonAnswers.map { _ in 1 })].code
                } else {
                    let x = min(max(dimensionLevels[d] + 0.18 * generator.normal(), 0), 1)
                    values[index] = answer(for: item, level: x, generator: &generator)
                }
                texts[column.name] = values[index]
            }
            dimensionLevels.removeAll(keepingCapacity: true)
            if settings.defectRate > 0 && generator.uniform() < settings.defectRate {
                writer.writeRow(defective(values, columns: columns, previousID: row > 0 ? String(format: "R%07d", row) : nil, generator: &generator))
            } else {
                writer.writeRow(values)
            }
            if writer.bytes.count > 1 << 22 {
                handle.write(Data(writer.bytes))
                writer = CSVWriter()
            }
        }
        handle.write(Data(writer.bytes))
    }

    /// A row with one problem of those field data have.
    private func defective(_ values: [String], columns: [(name: String, source: Source)], previousID: String?, generator: inout SeededGenerator) -> [String] {
        var values = values
        let draw = generator.uniform()
        let ordinal = columns.indices.filter {
            if case .item(let item, _) = columns[$0].source, case .ordinal = item.scale { return !values[$0].isEmpty }
            return false
        }
        if draw < 0.4, let column = ordinal.randomElement(using: &generator) {
            values[column] = ["0", "6", "7", "NS"].randomElement(using: &generator)!
        } else if draw < 0.7, let previousID, let id = columns.firstIndex(where: { if case .id = $0.source { return true }; return false }) {
            values[id] = previousID
        } else if draw < 0.85, let weight = columns.firstIndex(where: { if case .weight = $0.source { return true }; return false }) {
            values[weight] = ""
        } else {
            values.removeLast(2)
        }
        return values
    }

    /// The answer code whose score is nearest to the latent level `x` in [0, 1].
    private func answer(for item: Item, level x: Double, generator: inout SeededGenerator) -> String {
        switch item.scale {
        case .ordinal(let codes, let reversed):
            var position = Int((x * Double(codes.count - 1)).rounded())
            if reversed { position = codes.count - 1 - position }
            return codes[position].code
        case .scores(let codes, let scores):
            let best = scores.indices.min { abs(scores[$0] - x) < abs(scores[$1] - x) }!
            return codes[best].code
        case .bins(let bounds, let relativeTo, let reversed):
            var bin = Int((x * Double(bounds.count - 1)).rounded())
            if reversed { bin = bounds.count - 1 - bin }
            let lower = bounds[bin]
            let upper = bin + 1 < bounds.count ? bounds[bin + 1] : lower * 2 + 1
            var value = lower + (upper - lower) * generator.uniform()
            if let relativeTo, let scale = study.parameters[relativeTo] {
                value *= scale
                return String(Int(value.rounded(.down)))
            }
            let integral = bounds.allSatisfy { $0 == $0.rounded() }
            return integral ? String(Int(value.rounded(.down))) : String(format: "%.2f", value)
        }
    }
}
