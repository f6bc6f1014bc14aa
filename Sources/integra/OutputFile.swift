import Foundation

/// Writes an output file whole or not at all: to a temporary name, then renamed.
enum OutputFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        try write(to: url, direct: false) { file in try file.write(bytes) }
    }

    /// Writes the file in the pieces `body` writes to the file it is given: a large file is
    /// never whole in memory, and it still appears at `url` only once complete. Written
    /// around the page cache (`DirectFile`) unless `direct` is false: for the small files, a
    /// direct write's wait for the disk would cost more than the copy it saves.
    static func write(to url: URL, direct: Bool = true, _ body: (_ file: DirectFile) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            let file = try DirectFile(path: temporary.path, direct: direct)
            try body(file)
            try file.finish()
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: url.path, reason: error.localizedDescription)
        }
    }
}
