import ArgumentParser
import Foundation
import IntegrationIndex

/// `integra estimate`: design-based estimates straight from a CSV file, for checking a
/// design or a number against another package.
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate means, totals and proportions with design-based standard errors.",
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
    @Option(help: "Domain columns, comma-separated; their values are crossed.") var by: String?
    @Option(help: "csv, table or json.") var format: OutputFormat = .csv
    @Option(help: "Replicate weight column prefix (not supported yet).") var replicateWeights: String?
    @Option(help: "Replicate type (not supported yet).") var replicateType: String?

    enum OutputFormat: String, ExpressibleByArgument { case csv, table, json }

    func validate() throws {
        guard !(mean + total + proportion).isEmpty else { throw ValidationError("name at least one --mean, --total or --proportion column") }
        guard LonelyPSUPolicy(rawValue: lonelyPsu) != nil else {
            throw ValidationError("--lonely-psu must be one of \(LonelyPSUPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if replicateWeights != nil || replicateType != nil { throw ValidationError("replicate weights are not supported yet") }
    }

    func run() throws {
        try reportingErrors {
            let byColumns = list(by)
            let design = DesignSpecification(
                weight: weight, strata: strata, clusters: list(psu), fpc: list(fpc), nest: nest,
                lonelyPSU: LonelyPSUPolicy(rawValue: lonelyPsu)!)
            var requests: [TableReader.ColumnRequest] = []
            if let weight { requests.append(.init(name: weight, roles: [.weight])) }
            if let strata { requests.append(.init(name: strata, roles: [.designID])) }
            requests += design.clusters.map { .init(name: $0, roles: [.designID]) }
            requests += design.fpc.map { .init(name: $0, roles: [.fpc]) }
            requests += (mean + total).map { .init(name: $0, roles: [.numeric]) }
            requests += (proportion + byColumns).map { .init(name: $0, roles: [.categorical]) }
            let ingest = try TableReader(idColumn: nil, columns: requests).read(URL(fileURLWithPath: data))
            if let first = ingest.quarantine.first {
                throw IngestError(file: data, kind: .unreadable, line: first.line, message: "\(first.reason) (\(ingest.rowsQuarantined) unusable row(s) in all)")
            }
            let table = ingest.table
            let surveyDesign = try SurveyDesign(table: table, specification: design)
            var variables: [AnalysisVariable] = []
            variables += mean.map { AnalysisVariable(name: $0, statistic: .mean, values: table.numeric[$0]!.values) }
            variables += total.map { AnalysisVariable(name: $0, statistic: .total, values: table.numeric[$0]!.values) }
            for column in proportion {
                let categorical = table.categorical[column]!
                variables += AnalysisVariable.proportions(of: categorical, name: column, levels: categorical.levels.sorted())
            }
            let partition = byColumns.isEmpty
                ? Partition.whole(rows: table.rowCount)
                : Partition.crossing(byColumns.map { table.categorical[$0]! }, key: byColumns.joined(separator: ","))
            let estimates = Estimator(design: surveyDesign).estimate(variables, by: [partition])
            let tableOut = EstimateTable(estimates: estimates, byColumns: byColumns)
            switch format {
            case .csv: print(tableOut.csv, terminator: "")
            case .table: print(tableOut.aligned, terminator: "")
            case .json: print(tableOut.json)
            }
        }
    }

    private func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
