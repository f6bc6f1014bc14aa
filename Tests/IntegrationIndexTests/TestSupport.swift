import Foundation
@testable import IntegrationIndex

/// The repository's root folder, found from this file's path so tests run from any clone.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ path: String) -> URL { repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(path) }

/// The folder of this test process's temporary folders, removed with everything in it when
/// the process exits: the tests leave nothing in the system's temporary folder.
let testProcessFolder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("integra-tests-\(UUID().uuidString)")
    atexit { try? FileManager.default.removeItem(at: testProcessFolder) }
    return url
}()

/// A fresh folder owned by one test.
func temporaryFolder() throws -> URL {
    let url = testProcessFolder.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func writeFile(_ contents: String, named name: String = "data.csv", in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(contents.utf8).write(to: url)
    return url
}

/// Every record of a CSV file as strings, read with a small chunk size so records cross
/// chunk boundaries; `readingAhead`, with the next chunk read on another core after every
/// record, as a reader parsing shares reads on.
func readAll(_ url: URL, chunkSize: Int = 64, readingAhead: Bool = false) throws -> [[String]] {
    let reader = try CSVReader(url: url, chunkSize: chunkSize)
    var records: [[String]] = []
    while try reader.next() != nil {
        records.append(reader.fields.map { reader.string(of: $0) })
        if readingAhead { reader.startReadingAhead() }
    }
    return records
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
