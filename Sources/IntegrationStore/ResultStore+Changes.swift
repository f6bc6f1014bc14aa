import GRDB
import IntegrationIndex

extension ResultStore {
    /// Keeps the changes between two stored runs, replacing an earlier comparison of the same
    /// runs with the same kind of samples.
    public func recordChanges(_ changes: [WaveChange], before: Int64, after: Int64, samples: WaveChange.Samples) throws {
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM waveChange WHERE beforeRunId = ? AND afterRunId = ? AND samples = ?", arguments: [before, after, samples.rawValue])
            let insert = try db.makeStatement(sql: """
                INSERT INTO waveChange (beforeRunId, afterRunId, samples, indicator, statistic, groupVariable, groupValue, groupLabelEs,
                  groupLabelEn, nBefore, nAfter, before, after, change, se, df, ciLow, ciHigh, pValue, adjustedPValue, flag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in changes {
                try insert.execute(arguments: [
                    before, after, samples.rawValue, c.indicator, c.statistic.rawValue, c.groupKey, c.groupValue, c.groupLabel.es,
                    c.groupLabel.en, c.nBefore, c.nAfter, c.before, c.after, c.change, c.standardError, c.degreesOfFreedom, c.ciLow,
                    c.ciHigh, c.pValue, c.adjustedPValue, c.flag.rawValue,
                ])
            }
        }
    }

    /// The stored changes between two runs, in the order they were computed.
    public func changes(before: Int64, after: Int64, samples: WaveChange.Samples) throws -> [WaveChange] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM waveChange WHERE beforeRunId = ? AND afterRunId = ? AND samples = ? ORDER BY rowid",
                arguments: [before, after, samples.rawValue]
            ).map { row in
                var change = WaveChange(
                    indicator: row["indicator"], statistic: Statistic(rawValue: row["statistic"]) ?? .mean, groupKey: row["groupVariable"],
                    groupValue: row["groupValue"], groupLabel: LocalizedText(es: row["groupLabelEs"], en: row["groupLabelEn"]), before: row["before"],
                    after: row["after"], nBefore: row["nBefore"], nAfter: row["nAfter"], standardError: row["se"], degreesOfFreedom: row["df"],
                    samples: samples, flag: QualityFlag(rawValue: row["flag"]) ?? .publish)
                change.adjustedPValue = row["adjustedPValue"]
                return change
            }
        }
    }
}
