import Foundation
import IntegrationIndex
import IntegrationStore

/// A completed run of a store, as a wave to compare.
struct StoredWave {
    var record: RunRecord
    var study: Study
    var instrument: Instrument

    init(store: ResultStore, runID: Int64) throws {
        guard let record = try store.run(runID) else { throw ComparisonError("no run \(runID) in this store") }
        guard record.status == .completed else { throw ComparisonError("run \(runID) did not complete: \(record.message ?? "")") }
        self.record = record
        study = try Study.parse(Data(record.studyJSON.utf8), url: URL(fileURLWithPath: record.studyPath))
        study.dataURL = URL(fileURLWithPath: record.dataPath)
        instrument = try Instrument.parse(Data(record.instrumentJSON.utf8), source: "\(record.studyPath) (instrument of run \(runID))")
    }

    /// The study's title and the run, as the change report names the wave.
    var name: LocalizedText {
        let id = record.id ?? 0
        return LocalizedText(es: "\(study.title.es) (corrida \(id))", en: "\(study.title.en) (run \(id))")
    }

    /// The run made again from its survey file, which must be the file that was run.
    func rerun() throws -> StudyRun {
        let digest = try? SHA256Digest.hex(ofFileAt: study.dataURL)
        guard let digest, digest == record.dataSHA256 else {
            throw ComparisonError(
                "run \(record.id ?? 0): \(record.dataPath) is \(digest == nil ? "gone" : "no longer the file that was run (its SHA-256 changed)"); a panel's change needs the respondents' rows")
        }
        return try StudyRun.execute(study: study, instrument: instrument)
    }
}
