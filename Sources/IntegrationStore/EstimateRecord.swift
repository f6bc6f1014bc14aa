import GRDB
import IntegrationIndex

/// A row of the `estimate` table: one published estimate, values NULL when suppressed.
public struct EstimateRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "estimate"

    public var id: Int64?
    public var runId: Int64
    public var indicator: String
    public var statistic: String
    public var groupVariable: String
    public var groupValue: String
    public var groupLabelEs: String
    public var groupLabelEn: String
    public var n: Int
    public var weightedN: Double
    public var estimate: Double?
    public var se: Double?
    public var df: Int
    public var ciLow: Double?
    public var ciHigh: Double?
    public var cv: Double?
    public var flag: String

    init(_ e: IndexEstimate, runID: Int64) {
        let hidden = e.isSuppressed
        runId = runID
        indicator = e.indicator
        statistic = e.statistic.rawValue
        groupVariable = e.groupKey
        groupValue = e.groupValue
        groupLabelEs = e.groupLabel.es
        groupLabelEn = e.groupLabel.en
        n = e.n
        weightedN = e.weightedN
        estimate = hidden || !e.estimate.isFinite ? nil : e.estimate
        se = hidden || !e.standardError.isFinite ? nil : e.standardError
        df = e.degreesOfFreedom
        ciLow = hidden ? nil : e.ciLow
        ciHigh = hidden ? nil : e.ciHigh
        cv = hidden ? nil : e.coefficientOfVariation
        flag = e.flag.rawValue
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
