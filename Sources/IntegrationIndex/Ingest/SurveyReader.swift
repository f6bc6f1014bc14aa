import Foundation

/// Reads a survey file for a study: checks the header, keeps only the columns the study
/// needs, and sorts every row into accepted or quarantined. First stage of the pipeline.
public struct SurveyReader: Sendable {
    public let study: Study
    public let instrument: Instrument

    public init(study: Study, instrument: Instrument) {
        self.study = study
        self.instrument = instrument
    }

    /// The columns a study reads, with their roles (`TableReader` merges the requests for a
    /// column that serves several roles).
    public func plan() -> [TableReader.ColumnRequest] {
        typealias Request = TableReader.ColumnRequest
        let design = study.design
        var requests: [Request] = []
        if let weight = design.weight { requests.append(Request(name: weight, roles: [.weight])) }
        if let strata = design.strata { requests.append(Request(name: strata, roles: [.designID])) }
        requests += design.clusters.map { Request(name: $0, roles: [.designID]) }
        requests += design.fpc.map { Request(name: $0, roles: [.fpc]) }
        for item in instrument.items {
            let role: TableReader.Role = item.selectMultiple ? .selectedCount : (item.isNumeric ? .numeric : .categorical)
            requests.append(Request(name: item.column, roles: [role], labels: item.headerLabels))
            if let routing = item.routing {
                requests.append(Request(name: routing.column, roles: [.categorical], labels: routing.labels.map { [$0.es, $0.en] } ?? []))
            }
        }
        for group in study.groups {
            let labels = [group.labels.es, group.labels.en]
            switch group.kind {
            case .categorical(let column, _): requests.append(Request(name: column, roles: [.categorical], labels: labels))
            case .bands(let column, _): requests.append(Request(name: column, roles: [.numeric], labels: labels))
            case .crossing: break
            }
        }
        requests += study.headlines.map { Request(name: $0.column, roles: [.categorical]) }
        return TableReader.merged(requests)
    }

    public func read(_ url: URL) throws -> IngestResult {
        try TableReader(
            idColumn: study.idColumn.map(TableReader.IDColumn.named) ?? .platformDefault, columns: plan(), replicates: study.design.replicates,
            mapping: study.columnMapping, decimalComma: study.decimalComma, sheet: study.sheet
        ).read(url)
    }
}

/// Everything ingest produced: the accepted rows as columns, the quarantined rows, the
/// findings about single values, and the counts that must reconcile.
public struct IngestResult: Sendable {
    public var file = URL(fileURLWithPath: "/")
    public var dialect = CSVDialect(separator: UInt8(ascii: ","), hasByteOrderMark: false, hasSeparatorLine: false)
    public var header: [String] = []
    public var headerRaw: [UInt8] = []
    public var table = SurveyTable()
    public var quarantine: [QuarantinedRow] = []
    public var findings: [Finding] = []
    public var rowsRead = 0
    /// The replicate weight columns found by their prefix, in order.
    public var replicateColumns: [String] = []
    /// The header column the ids came from (`nil` when rows are named by line).
    public var idColumn: String?
    /// Where each needed column was found in the header, and by which rule.
    public var columnMatches: [ColumnMatcher.Match] = []
    /// Whether number columns were read with a decimal comma.
    public var decimalComma = false

    public var rowsAccepted: Int { table.rowCount }
    public var rowsQuarantined: Int { quarantine.count }
}
