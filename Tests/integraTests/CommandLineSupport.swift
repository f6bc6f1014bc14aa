import Foundation

/// The repository's root folder, found from this file's path so tests run from any clone.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// What a run of the `integra` executable printed and how it exited.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built `integra` executable, beside the test bundle in the build folder.
let integraExecutable: URL = {
    var folder = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("integra")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder.deleteLastPathComponent()
    }
    return repositoryRoot.appendingPathComponent(".build/debug/integra")
}()

/// Runs `integra` with arguments, as a user would from a shell, in `directory`.
func integra(_ arguments: [String], in directory: URL = repositoryRoot) throws -> CommandResult {
    let process = Process()
    process.executableURL = integraExecutable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    // stderr goes to a file: reading a second pipe needs a second thread, and with hundreds of
    // commands in parallel a dispatch queue's thread was not always given in time (a run of
    // the tests stalled for minutes).
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("integra-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let err = try FileHandle(forWritingTo: errURL)
    defer { try? FileManager.default.removeItem(at: errURL) }
    process.standardOutput = out
    process.standardError = err
    try process.run()
    try? err.close()
    let outData = readAll(out.fileHandleForReading)
    process.waitUntilExit()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// Everything until the end of a pipe, read again when a signal interrupts the read:
/// Foundation's `readDataToEndOfFile()` crashes on EINTR, which took down the whole test run.
func readAll(_ handle: FileHandle) -> Data {
    var data = Data()
    while true {
        do {
            guard let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty else { return data }
            data.append(chunk)
        } catch let error as NSError where (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(EINTR) || error.code == Int(EINTR) {
            continue
        } catch {
            return data
        }
    }
}

/// The folder of this test process's temporary folders, removed with everything in it when
/// the process exits: the tests leave nothing in the system's temporary folder.
let testProcessFolder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("integra-cli-\(UUID().uuidString)")
    atexit { try? FileManager.default.removeItem(at: testProcessFolder) }
    return url
}()

/// A fresh folder owned by one test.
func temporaryFolder() throws -> URL {
    let url = testProcessFolder.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Parses CSV text written by integra (RFC 4180) into rows of strings.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var iterator = Array(text).makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
        pending = nil
        if inQuotes {
            if character == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else { inQuotes = false }
            } else { field.append(character) }
        } else if character == "\"" {
            inQuotes = true
        } else if character == "," {
            row.append(field); field = ""
        } else if character == "\n" {
            row.append(field); field = ""
            rows.append(row); row = []
        } else {
            field.append(character)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// CSV rows as dictionaries keyed by the header.
func records(_ text: String) -> [[String: String]] {
    let rows = parseCSV(text)
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
