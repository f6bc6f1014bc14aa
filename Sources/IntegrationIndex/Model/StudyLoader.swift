import Foundation

extension Study {
    /// Loads and validates a study file; relative paths resolve against its folder.
    public static func load(from url: URL) throws -> Study {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError(file: url.path, path: "$", message: "cannot read the study file")
        }
        return try parse(data, url: url)
    }

    /// `readsMarginFiles: false` for a stored run's study, whose calibration margins are in
    /// the store (the files may have moved).
    public static func parse(_ data: Data, url: URL, readsMarginFiles: Bool = true) throws -> Study {
        let source = url.path
        let folder = url.deletingLastPathComponent()
        let object = try JSONReader(try JSONValue.parse(data, source: source), file: source).object(allowing: [
            "title", "data", "id", "instrument", "language", "parameters", "design", "groups", "headlines", "quality",
            "simulation", "columns", "numberFormat", "sheet", "counting", "multipleComparisons",
            "rankSensitivity", "calibration",
        ])
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path).standardizedFileURL
        }
        let languageReader = object.optional("language")
        let languageName = try languageReader?.string() ?? "es"
        guard let language = Language(rawValue: languageName) else {
            throw languageReader!.error("unknown language \"\(languageName)\" (use es or en)")
        }
        var parameters: [String: Double] = [:]
        if let parametersReader = object.optional("parameters") {
            guard case .object(let members) = parametersReader.value else { throw parametersReader.error("expected an object of numbers") }
            for key in members.keys {
                parameters[key] = try JSONReader(members[key]!, file: source, path: "\(parametersReader.path).\(key)").number()
            }
        }
        let groups = try (object.optional("groups")?.array() ?? []).map(readGroup)
        try validateCrossings(groups, object: object)
        var mapping: [String: String] = [:]
        if let columnsReader = object.optional("columns") {
            guard case .object(let members) = columnsReader.value else { throw columnsReader.error("expected an object: study column → header") }
            for (key, value) in members {
                mapping[key] = try JSONReader(value, file: source, path: "\(columnsReader.path).\(key)").string()
            }
        }
        var decimalComma: Bool?
        if let formatReader = object.optional("numberFormat") {
            switch try formatReader.string() {
            case "auto": decimalComma = nil
            case "decimal-comma": decimalComma = true
            case "decimal-point": decimalComma = false
            case let other: throw formatReader.error("unknown number format \"\(other)\" (use auto, decimal-comma or decimal-point)")
            }
        }
        var study = Study(
            title: try object.optional("title").map(LocalizedText.read) ?? LocalizedText(url.deletingPathExtension().lastPathComponent),
            dataURL: resolve(try object.required("data").string()),
            studyURL: url,
            instrument: InstrumentReference.parse(try object.required("instrument").string(), relativeTo: folder),
            idColumn: try object.optional("id")?.string(),
            language: language,
            parameters: parameters,
            design: try readDesign(try object.required("design")),
            groups: groups,
            headlines: try (object.optional("headlines")?.array() ?? []).map(readHeadline),
            quality: try object.optional("quality").map(readQuality) ?? QualityThresholds(),
            simulation: try object.optional("simulation").map(readSimulation))
        study.columnMapping = mapping
        study.decimalComma = decimalComma
        study.sheet = try object.optional("sheet")?.string()
        if let counting = object.optional("counting") { study.counting = try readCounting(counting) }
        if let ranks = object.optional("rankSensitivity") { study.rankSensitivity = try readRankSettings(ranks) }
        if let calibration = object.optional("calibration") { study.calibration = try readCalibration(calibration, groups: groups, resolve: resolve, readsFiles: readsMarginFiles) }
        if let reader = object.optional("multipleComparisons") {
            let name = try reader.string()
            guard let method = PValueAdjustment(rawValue: name) else {
                throw reader.error("unknown adjustment \"\(name)\" (use \(PValueAdjustment.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            study.multipleComparisons = method
        }
        return study
    }

    /// `"counting": false`, or `{"cutoff", "cutoffs": {dimension: cut-off}, "k", "robustnessK"}`;
    /// dimension keys are checked against the instrument when the study runs.
    private static func readCounting(_ reader: JSONReader) throws -> CountingSettings? {
        if case .bool(let on) = reader.value {
            return on ? CountingSettings() : nil
        }
        let object = try reader.object(allowing: ["cutoff", "cutoffs", "k", "robustnessK"])
        var settings = CountingSettings()
        func share(_ reader: JSONReader, above zero: Bool) throws -> Double {
            let value = try reader.number()
            guard zero ? value > 0 && value <= 1 : value >= 0 && value <= 1 else {
                throw reader.error(zero ? "expected a share in (0, 1] of the dimension weight" : "expected a cut-off between 0 and 1 (the score scale)")
            }
            return value
        }
        if let value = object.optional("cutoff") { settings.cutoff = try share(value, above: false) }
        if let cutoffs = object.optional("cutoffs") {
            guard case .object(let members) = cutoffs.value else { throw cutoffs.error("expected an object: dimension key → cut-off") }
            for key in members.keys.sorted() {
                settings.cutoffs[key] = try share(JSONReader(members[key]!, file: cutoffs.file, path: "\(cutoffs.path).\(key)"), above: false)
            }
        }
        if let value = object.optional("k") { settings.k = try share(value, above: true) }
        if let values = object.optional("robustnessK") { settings.robustnessK = try values.array().map { try share($0, above: true) } }
        return settings
    }

    private static func readDesign(_ reader: JSONReader) throws -> DesignSpecification {
        let object = try reader.object(allowing: [
            "weight", "strata", "psu", "fpc", "nest", "lonelyPSU", "replicateWeights", "replicateType", "fayRho", "replicateScale", "mse",
        ])
        let policyReader = object.optional("lonelyPSU")
        let policyName = try policyReader?.string() ?? "fail"
        guard let policy = LonelyPSUPolicy(rawValue: policyName) else {
            throw policyReader!.error("unknown lonely-PSU policy \"\(policyName)\" (use \(LonelyPSUPolicy.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let clusters = try object.optional("psu")?.strings() ?? []
        let fpc = try object.optional("fpc")?.strings() ?? []
        if fpc.count > max(clusters.count, 1) {
            throw try object.required("fpc").error("one fpc column per sampling stage: \(fpc.count) given for \(max(clusters.count, 1)) stage(s)")
        }
        var replicates: ReplicateSpecification?
        if let prefix = object.optional("replicateWeights") {
            let typeReader = try object.required("replicateType")
            let typeName = try typeReader.string()
            guard let kind = ReplicateWeights.Kind.allCases.first(where: { $0.rawValue.lowercased() == typeName.lowercased() }) else {
                throw typeReader.error("unknown replicate type \"\(typeName)\" (use \(ReplicateWeights.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !clusters.isEmpty || !fpc.isEmpty || object.has("strata") {
                throw prefix.error("replicate weights carry the design: leave out strata, psu and fpc")
            }
            replicates = ReplicateSpecification(
                prefix: try prefix.string(), kind: kind, fayRho: try object.optional("fayRho")?.number(),
                scale: try object.optional("replicateScale")?.number(), meanSquaredError: try object.optional("mse")?.bool() ?? false)
        }
        return DesignSpecification(
            weight: try object.optional("weight")?.string(), strata: try object.optional("strata")?.string(),
            clusters: clusters, fpc: fpc, nest: try object.optional("nest")?.bool() ?? false, lonelyPSU: policy,
            replicates: replicates)
    }

    private static func readGroup(_ reader: JSONReader) throws -> GroupVariable {
        let object = try reader.object(allowing: ["key", "labels", "column", "values", "bands", "cross"])
        let key = try object.required("key").string()
        let labels = try LocalizedText.read(try object.required("labels"))
        if let crossReader = object.optional("cross") {
            let members = try crossReader.strings()
            guard members.count >= 2 else { throw crossReader.error("a crossing needs at least two group keys") }
            return GroupVariable(key: key, labels: labels, kind: .crossing(members))
        }
        let column = try object.required("column").string()
        if let bandsReader = object.optional("bands") {
            var bands: [GroupVariable.Band] = []
            for bandReader in try bandsReader.array() {
                let band = try bandReader.object(allowing: ["from", "below", "labels"])
                let lower = try band.optional("from")?.number()
                let upper = try band.optional("below")?.number()
                if let lower, let upper, lower >= upper { throw bandReader.error("\"from\" must be below \"below\"") }
                if let previous = bands.last, previous.upper == nil || previous.upper! > (lower ?? -.infinity) {
                    throw bandReader.error("bands must be in ascending order and must not overlap")
                }
                let fallback = [lower.map { "\($0.formatted)" }, upper.map { "<\($0.formatted)" }].compactMap { $0 }.joined(separator: " ")
                bands.append(GroupVariable.Band(lower: lower, upper: upper, labels: try band.optional("labels").map(LocalizedText.read) ?? LocalizedText(fallback)))
            }
            guard !bands.isEmpty else { throw bandsReader.error("bands must not be empty") }
            return GroupVariable(key: key, labels: labels, kind: .bands(column: column, bands: bands))
        }
        var values: [GroupVariable.GroupValue] = []
        for valueReader in try object.optional("values")?.array() ?? [] {
            let value = try valueReader.object(allowing: ["value", "labels"])
            let text = try value.required("value").string()
            if values.contains(where: { $0.value == text }) { throw valueReader.error("duplicate value \"\(text)\"") }
            values.append(GroupVariable.GroupValue(value: text, labels: try value.optional("labels").map(LocalizedText.read) ?? LocalizedText(text)))
        }
        return GroupVariable(key: key, labels: labels, kind: .categorical(column: column, values: values))
    }

    private static func validateCrossings(_ groups: [GroupVariable], object: JSONObjectReader) throws {
        var seen = Set<String>()
        for (index, group) in groups.enumerated() {
            let path = "\(object.path).groups[\(index)]"
            guard seen.insert(group.key).inserted else {
                throw ConfigurationError(file: object.file, path: path, message: "duplicate group key \"\(group.key)\"")
            }
            guard case .crossing(let members) = group.kind else { continue }
            for member in members {
                guard let target = groups.first(where: { $0.key == member }) else {
                    throw ConfigurationError(file: object.file, path: "\(path).cross", message: "unknown group key \"\(member)\"")
                }
                if case .crossing = target.kind {
                    throw ConfigurationError(file: object.file, path: "\(path).cross", message: "\"\(member)\" is itself a crossing")
                }
            }
        }
    }

    private static func readHeadline(_ reader: JSONReader) throws -> Headline {
        let object = try reader.object(allowing: ["key", "labels", "column", "yes", "of"])
        return Headline(
            key: try object.required("key").string(), labels: try LocalizedText.read(try object.required("labels")),
            column: try object.required("column").string(), yes: try object.required("yes").strings(),
            of: try object.optional("of")?.strings() ?? [])
    }

    private static func readQuality(_ reader: JSONReader) throws -> QualityThresholds {
        let object = try reader.object(allowing: [
            "suppressBelowN", "cautionBelowN", "cautionCV", "suppressCV", "cautionIntervalWidth", "suppressIntervalWidth", "minimumAlpha",
        ])
        var quality = QualityThresholds()
        if let value = object.optional("suppressBelowN") { quality.suppressBelowN = try value.integer() }
        if let value = object.optional("cautionBelowN") { quality.cautionBelowN = try value.integer() }
        if let value = object.optional("cautionCV") { quality.cautionCV = try value.number() }
        if let value = object.optional("suppressCV") { quality.suppressCV = try value.number() }
        if let value = object.optional("cautionIntervalWidth") { quality.cautionIntervalWidth = try value.number() }
        if let value = object.optional("suppressIntervalWidth") { quality.suppressIntervalWidth = try value.number() }
        if let value = object.optional("minimumAlpha") { quality.minimumAlpha = try value.number() }
        guard quality.suppressBelowN <= quality.cautionBelowN, quality.cautionCV <= quality.suppressCV,
            quality.cautionIntervalWidth <= quality.suppressIntervalWidth
        else { throw reader.error("each caution threshold must be no stricter than its suppression threshold") }
        return quality
    }

    private static func readSimulation(_ reader: JSONReader) throws -> SimulationSettings {
        let object = try reader.object(allowing: ["psusPerStratum", "populationPSUsPerStratum", "shares", "numbers", "effects", "defectRate"])
        var range = 6...10
        if let rangeReader = object.optional("psusPerStratum") {
            let bounds = try rangeReader.array().map { try $0.integer() }
            guard bounds.count == 2, bounds[0] >= 2, bounds[0] <= bounds[1] else { throw rangeReader.error("expected [minimum, maximum] with minimum ≥ 2") }
            range = bounds[0]...bounds[1]
        }
        var shares: [String: [String: Double]] = [:]
        if let sharesReader = object.optional("shares"), case .object(let columns) = sharesReader.value {
            for (column, value) in columns {
                guard case .object(let members) = value else { throw sharesReader.error("shares of \"\(column)\" must be an object") }
                shares[column] = try members.mapValues { try JSONReader($0, file: reader.file, path: "\(sharesReader.path).\(column)").number() }
            }
        }
        var numbers: [String: SimulationSettings.NumberDistribution] = [:]
        if let numbersReader = object.optional("numbers"), case .object(let columns) = numbersReader.value {
            for (column, value) in columns {
                let spec = try JSONReader(value, file: reader.file, path: "\(numbersReader.path).\(column)").object(allowing: ["min", "max", "mean", "integer"])
                numbers[column] = SimulationSettings.NumberDistribution(
                    minimum: try spec.required("min").number(), maximum: try spec.required("max").number(),
                    mean: try spec.required("mean").number(), integer: try spec.optional("integer")?.bool() ?? true)
            }
        }
        var effects: [SimulationSettings.Effect] = []
        for effectReader in try object.optional("effects")?.array() ?? [] {
            let effect = try effectReader.object(allowing: ["column", "value", "shift", "perUnit", "cap"])
            let column = try effect.required("column").string()
            if let perUnit = effect.optional("perUnit") {
                effects.append(.slope(column: column, perUnit: try perUnit.number(), cap: try effect.optional("cap")?.number() ?? .infinity))
            } else {
                effects.append(.category(column: column, value: try effect.required("value").string(), shift: try effect.required("shift").number()))
            }
        }
        var settings = SimulationSettings(
            psusPerStratum: range, populationPSUsPerStratum: try object.optional("populationPSUsPerStratum")?.integer() ?? 200,
            shares: shares, numbers: numbers, effects: effects)
        if let rate = object.optional("defectRate") {
            settings.defectRate = try rate.number()
            guard (0...0.5).contains(settings.defectRate) else { throw rate.error("defectRate must be between 0 and 0.5") }
        }
        return settings
    }
}

extension Double {
    /// A number as a person writes it: `5` rather than `5.0`.
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
