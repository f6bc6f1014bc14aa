import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra estimate`: design-based estimates straight from a CSV file, for checking a
/// design or a number against another package.
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate means, totals, proportions and ratios with design-based standard errors.",
        discussion: """
            Prints one CSV row per estimate on stdout. Missing values in an analysed column keep \
            their rows in the design with zero weight for that estimate; a missing value in a \
            --by column forms its own group, shown as an empty cell.
            """)

    @Argument(help: "The survey CSV file.") var data: String
    @Option(help: "Weight column (default: every row weighs 1).") var weight: String?
    @Option(help: "Strata column.") var strata: String?
    @Option(help: "Cluster columns, one per sampling stage, comma-separated.") var psu: String?
    @Option(help: "fpc columns, one per stage: population size, or sampling fraction when below 1.") var fpc: String?
    @Flag(help: "Cluster ids restart within each stratum.") var nest = false
    @Option(help: "fail, remove, certainty, adjust or average.") var lonelyPsu: String = "fail"
    @Option(help: "A column whose mean to estimate (repeatable).") var mean: [String] = []
    @Option(help: "A column whose total to estimate (repeatable).") var total: [String] = []
    @Option(help: "A categorical column whose category shares to estimate (repeatable).") var proportion: [String] = []
    @Option(help: "A ratio of two columns' totals, as NUM/DEN (repeatable), as R's svyratio.") var ratio: [String] = []
    @Option(help: "Domain columns, comma-separated; their values are crossed.") var by: String?
    @Option(help: "Differences of means between two groups of one column, as COL=A,COL=B (repeatable).") var compare: [String] = []
    @Option(help: "csv, table or json.") var format: OutputFormat = .csv
    @Option(help: "Replicate weight columns: their name prefix (rep for rep1, rep2, …); they carry the design.") var replicateWeights: String?
    @Option(help: "JK1, BRR, Fay or bootstrap.") var replicateType: String?
    @Option(help: "Fay's ρ, for --replicate-type Fay.") var fayRho: Double?
    @Option(help: "Multiplier of Σ(θr − c)², replacing the replicate type's.") var replicateScale: Double?
    @Flag(help: "Centre replicate estimates on the full-sample estimate (mean squared error).") var mse = false
    @Option(help: "Calibrate the weights to --margins: poststratify, rake, linear, raking or logit (as R's postStratify, rake and calibrate).")
    var calibrate: String?
    @Option(help: "A population margin: a CSV whose columns are data columns and a last column population (repeatable).") var margins: [String] = []
    @Option(help: "Bounds on calibrated / design weight, as LOW,HIGH (linear, raking, logit; required for logit).") var bounds: String?
    @Option(help: "Trim calibrated / design weight to LOW,HIGH after calibration (linear, raking, logit).") var trim: String?
    @Option(help: "Largest relative misfit of a margin cell at convergence.") var calibrationTolerance: Double?
    @Option(help: "Most iterations of raking or of calibration's Newton steps.") var calibrationIterations: Int?
    @Flag(help: .hidden) var timings = false

    enum OutputFormat: String, ExpressibleByArgument { case csv, table, json }

    func validate() throws {
        guard !(mean + total + proportion + ratio).isEmpty else { throw ValidationError("name at least one --mean, --total, --proportion or --ratio column") }
        for text in ratio where ratioColumns(text) == nil { throw ValidationError("--ratio \"\(text)\": write NUM/DEN, two column names") }
        guard LonelyPSUPolicy(rawValue: lonelyPsu) != nil else {
            throw ValidationError("--lonely-psu must be one of \(LonelyPSUPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if replicateWeights != nil {
            guard let type = replicateType, replicateKind(type) != nil else {
                throw ValidationError("--replicate-type must be one of \(ReplicateWeights.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if strata != nil || psu != nil || fpc != nil { throw ValidationError("replicate weights carry the design: leave out --strata, --psu and --fpc") }
            if replicateKind(type) == .fay && fayRho == nil { throw ValidationError("--replicate-type Fay needs --fay-rho") }
        } else if replicateType != nil || fayRho != nil || replicateScale != nil || mse {
            throw ValidationError("--replicate-type, --fay-rho, --replicate-scale and --mse need --replicate-weights")
        }
        for comparison in compare { _ = try Comparison(comparison) }
        if let calibrate {
            guard CalibrationMethod(rawValue: calibrate) != nil else {
                throw ValidationError("--calibrate must be one of \(CalibrationMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !margins.isEmpty else { throw ValidationError("--calibrate needs at least one --margins file") }
            for (name, text) in [("--bounds", bounds), ("--trim", trim)] where text != nil && range(text!) == nil {
                throw ValidationError("\(name) \"\(text!)\": write LOW,HIGH with LOW < HIGH")
            }
        } else if !margins.isEmpty || bounds != nil || trim != nil || calibrationTolerance != nil || calibrationIterations != nil {
            throw ValidationError("--margins, --bounds, --trim, --calibration-tolerance and --calibration-iterations need --calibrate")
        }
    }

    /// `LOW,HIGH` with LOW < HIGH.
    private func range(_ text: String) -> ClosedRange<Double>? {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low < high else { return nil }
        return low...high
    }

    /// The calibration the flags ask for, with its margin files read.
    private func calibrationSettings() throws -> CalibrationSettings? {
        guard let calibrate, let method = CalibrationMethod(rawValue: calibrate) else { return nil }
        var settings = CalibrationSettings(method: method, margins: try margins.map { try PopulationMargin.read(URL(fileURLWithPath: $0)) })
        settings.bounds = bounds.flatMap(range)
        settings.trim = trim.flatMap(range)
        if let calibrationTolerance { settings.tolerance = calibrationTolerance }
        if let calibrationIterations { settings.maxIterations = calibrationIterations }
        try settings.check()
        return settings
    }

    /// `NUM/DEN` split at its last slash (a column name may hold one).
    private func ratioColumns(_ text: String) -> (numerator: String, denominator: String)? {
        guard let slash = text.lastIndex(of: "/") else { return nil }
        let numerator = String(text[..<slash]).trimmingCharacters(in: .whitespaces)
        let denominator = String(text[text.index(after: slash)...]).trimmingCharacters(in: .whitespaces)
        return numerator.isEmpty || denominator.isEmpty ? nil : (numerator, denominator)
    }

    private func replicateKind(_ name: String) -> ReplicateWeights.Kind? {
        ReplicateWeights.Kind.allCases.first { $0.rawValue.lowercased() == name.lowercased() }
    }

    /// `COL=A,COL=B`: the difference of the means of groups A and B of COL.
    struct Comparison {
        var column: String
        var first: String
        var second: String

        init(_ text: String) throws {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), parts[0][0] == parts[1][0] else {
                throw ValidationError("--compare \"\(text)\": write COL=A,COL=B with the same column on both sides")
            }
            column = parts[0][0]
            first = parts[0][1]
            second = parts[1][1]
        }
    }

    func run() throws {
        try reportingErrors {
            var clock = StageClock()
            let byColumns = list(by)
            let comparisons = try compare.map(Comparison.init)
            let calibration = try calibrationSettings()
            let calibrationColumns = Array(Set(calibration?.margins.flatMap(\.variables) ?? [])).sorted()
            let design = DesignSpecification(
                weight: weight, strata: strata, clusters: list(psu), fpc: list(fpc), nest: nest,
                lonelyPSU: LonelyPSUPolicy(rawValue: lonelyPsu)!,
                replicates: replicateWeights.map {
                    ReplicateSpecification(prefix: $0, kind: replicateKind(replicateType!)!, fayRho: fayRho, scale: replicateScale, meanSquaredError: mse)
                })
            var requests: [TableReader.ColumnRequest] = []
            if let weight { requests.append(.init(name: weight, roles: [.weight])) }
            if let strata { requests.append(.init(name: strata, roles: [.designID])) }
            requests += design.clusters.map { .init(name: $0, roles: [.designID]) }
            requests += design.fpc.map { .init(name: $0, roles: [.fpc]) }
            let ratios = ratio.compactMap(ratioColumns)
            requests += (mean + total + ratios.flatMap { [$0.numerator, $0.denominator] }).map { .init(name: $0, roles: [.numeric]) }
            requests += (proportion + byColumns + comparisons.map(\.column) + calibrationColumns).map { .init(name: $0, roles: [.categorical]) }
            let ingest = try TableReader(idColumn: .lineNumbers, columns: requests, replicates: design.replicates).read(URL(fileURLWithPath: data))
            if let first = ingest.quarantine.first {
                throw IngestError(file: data, kind: .unreadable, line: first.line, message: "\(first.reason) (\(ingest.rowsQuarantined) unusable row(s) in all)")
            }
            clock.lap("ingest")
            let table = ingest.table
            // The domains need the table alone: crossed on another core while the design is
            // built on this one (a pass over the rows each, 20 ms apiece at a million rows).
            let crossed = Background {
                byColumns.isEmpty
                    ? Partition.whole(rows: table.rowCount)
                    : Partition.crossing(byColumns.map { table.categorical[$0]! }, key: byColumns.joined(separator: ","))
            }
            var surveyDesign = try SurveyDesign(table: table, specification: design, replicateColumns: ingest.replicateColumns)
            if let calibration {
                let variables = Dictionary(uniqueKeysWithValues: calibrationColumns.map { ($0, CalibrationVariable(name: $0, column: table.categorical[$0]!)) })
                surveyDesign = try surveyDesign.calibrated(
                    calibration, variables: variables, lines: table.lines.isEmpty ? nil : table.lines, known: "margins name columns of the data file").design
            }
            clock.lap("design")
            var variables: [AnalysisVariable] = []
            variables += mean.map { AnalysisVariable(name: $0, statistic: .mean, values: table.numeric[$0]!.values) }
            variables += total.map { AnalysisVariable(name: $0, statistic: .total, values: table.numeric[$0]!.values) }
            variables += ratios.map {
                AnalysisVariable.ratio(
                    name: "\($0.numerator)/\($0.denominator)", numerator: table.numeric[$0.numerator]!.values, denominator: table.numeric[$0.denominator]!.values)
            }
            for column in proportion {
                let categorical = table.categorical[column]!
                variables += AnalysisVariable.proportions(of: categorical, name: column, levels: categorical.levels.sorted())
            }
            let partition = try crossed.wait()
            let estimator = Estimator(design: surveyDesign)
            var estimates = estimator.estimate(variables, by: [partition])
            for comparison in comparisons {
                let groups = Partition.crossing([table.categorical[comparison.column]!], key: comparison.column)
                for value in [comparison.first, comparison.second] where !groups.domains.contains([value]) {
                    throw DesignError("--compare: column \"\(comparison.column)\" has no group \"\(value)\"")
                }
                let a = groups.domains.firstIndex(of: [comparison.first])!
                let b = groups.domains.firstIndex(of: [comparison.second])!
                estimates += variables.filter { $0.statistic == .mean }.map { estimator.difference($0, partition: groups, a, b) }
            }
            clock.lap("estimation")
            let outputColumns = byColumns + comparisons.map(\.column).filter { !byColumns.contains($0) }
            let tableOut = EstimateTable(estimates: estimates, byColumns: outputColumns)
            switch format {
            case .csv: print(String(decoding: tableOut.csv, as: UTF8.self), terminator: "")
            case .table: print(tableOut.aligned, terminator: "")
            case .json: print(tableOut.json)
            }
            clock.lap("output")
            if timings { Terminal.note(timings: clock.laps) }
        }
    }

    private func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
