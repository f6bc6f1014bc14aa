import Foundation
import GRDB

/// What identifies a run: when, with which program, on which exact files.
public struct RunMetadata: Sendable {
    public var startedAt: Date
    public var finishedAt: Date
    public var integraVersion: String
    public var studyPath: String
    public var studyTitle: String
    public var language: String
    public var instrumentName: String
    public var instrumentVersion: String
    public var instrumentSHA256: String
    public var dataPath: String
    /// `nil` when the data file could not be read at all.
    public var dataSHA256: String?
    /// The study and instrument files as they were, so a stored run can be re-rendered.
    public var studyJSON: String
    public var instrumentJSON: String

    public init(
        startedAt: Date, finishedAt: Date, integraVersion: String, studyPath: String, studyTitle: String, language: String,
        instrumentName: String, instrumentVersion: String, instrumentSHA256: String, dataPath: String, dataSHA256: String?,
        studyJSON: String = "{}", instrumentJSON: String = "{}"
    ) {
        self.studyJSON = studyJSON
        self.instrumentJSON = instrumentJSON
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.integraVersion = integraVersion
        self.studyPath = studyPath
        self.studyTitle = studyTitle
        self.language = language
        self.instrumentName = instrumentName
        self.instrumentVersion = instrumentVersion
        self.instrumentSHA256 = instrumentSHA256
        self.dataPath = dataPath
        self.dataSHA256 = dataSHA256
    }
}

/// A row of the `run` table.
public struct RunRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"

    public enum Status: String, Codable, Sendable {
        case completed, failed
    }

    public var id: Int64?
    public var startedAt: String
    public var finishedAt: String
    public var integraVersion: String
    public var status: Status
    public var message: String?
    public var studyPath: String
    public var studyTitle: String
    public var language: String
    public var instrumentName: String
    public var instrumentVersion: String
    public var instrumentSHA256: String
    public var dataPath: String
    public var dataSHA256: String?
    public var studyJSON: String
    public var instrumentJSON: String
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsQuarantined = 0
    public var findings = 0

    init(metadata: RunMetadata, status: Status, message: String?) {
        let format = ISO8601DateFormatter()
        startedAt = format.string(from: metadata.startedAt)
        finishedAt = format.string(from: metadata.finishedAt)
        integraVersion = metadata.integraVersion
        self.status = status
        self.message = message
        studyPath = metadata.studyPath
        studyTitle = metadata.studyTitle
        language = metadata.language
        instrumentName = metadata.instrumentName
        instrumentVersion = metadata.instrumentVersion
        instrumentSHA256 = metadata.instrumentSHA256
        dataPath = metadata.dataPath
        dataSHA256 = metadata.dataSHA256
        studyJSON = metadata.studyJSON
        instrumentJSON = metadata.instrumentJSON
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
