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

    /// The columns a study reads, each with its role (a column may serve several roles).
    public func plan() -> [TableReader.ColumnRequest] {
        var order: [String] = []
        var roles: [String: [TableReader.Role]] = [:]
        var labels: [String: [String]] = [:]
        func add(_ name: String, _ role: TableReader.Role, labels names: [String] = []) {
            if roles[name] == nil { order.append(name) }
            if !roles[name, default: []].contains(role) { roles[name, default: []].append(role) }
            labels[name, default: []] += names
        }
        let design = study.design
        if let weight = design.weight { add(weight, .weight) }
        if let strata = design.strata { add(strata, .designID) }
        design.clusters.forEach { add($0, .designID) }
        design.fpc.forEach { add($0, .fpc) }
        for item in instrument.items {
            add(item.column, item.selectMultiple ? .selectedCount : (item.isNumeric ? .numeric : .categorical), labels: item.headerLabels)
            if let routing = item.routing { add(routing.column, .categorical) }
        }
        for group in study.groups {
            switch group.kind {
            case .categorical(let column, _): add(column, .categorical, labels: [group.labels.es, group.labels.en])
            case .bands(let column, _): add(column, .numeric, labels: [group.labels.es, group.labels.en])
            case .crossing: break
            }
        }
        study.headlines.forEach { add($0.column, .categorical) }
        return order.map { TableReader.ColumnRequest(name: $0, roles: roles[$0]!, labels: labels[$0] ?? []) }
    }

    public func read(_ url: URL) throws -> IngestResult {
        try TableReader(
            idColumn: study.idColumn.map(TableReader.IDColumn.named) ?? .platformDefault, columns: plan(), replicates: study.design.replicates,
            mapping: study.columnMapping, decimalComma: study.decimalComma
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
