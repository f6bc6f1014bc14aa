import Foundation
import IntegrationIndex

/// Writes a workbook's parts as an .xlsx (a ZIP package, `ZipPackage`), whole or not at all.
/// Entries carry the ZIP epoch as their date, so the same report is the same file.
enum WorkbookFile {
    static func write(_ workbook: Workbook, to url: URL) throws { try write(parts: workbook.parts(), to: url) }

    /// Any package's parts (report.xlsx, change.xlsx).
    static func write(parts: [ZipPackage.Part], to url: URL) throws {
        let bytes: [UInt8]
        do { bytes = try ZipPackage.bytes(of: parts) } catch { throw OutputError(path: url.path, reason: "\(error)") }
        try OutputFile.write(bytes, to: url)
    }
}
