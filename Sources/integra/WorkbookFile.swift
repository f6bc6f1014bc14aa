import Foundation
import IntegrationIndex
import ZIPFoundation

/// Writes a workbook's parts as an .xlsx (a ZIP package), whole or not at all. Entries carry
/// the ZIP epoch as their date, so the same report is the same file.
enum WorkbookFile {
    private static let zipEpoch = Date(timeIntervalSince1970: 315_532_800)

    static func write(_ workbook: Workbook, to url: URL) throws { try write(parts: workbook.parts(), to: url) }

    /// Any package's parts (report.xlsx, change.xlsx).
    static func write(parts: [(path: String, data: Data)], to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (path, data) in parts {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: zipEpoch,
                    compressionMethod: .deflate
                ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            }
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: url.path, reason: "\(error)")
        }
    }
}
